package io.mediagate.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `status` pointed at a folder that is not there (run in another folder, or with another data folder than the
 * gateway's) says so, instead of reporting 0 delivered and 0 failed as if nothing had ended.
 */
class DataFolderStatusTest {

    @Test
    void a_data_folder_that_is_not_there_is_named_in_text_and_json(@TempDir Path somewhere) throws Exception {
        Path gone = somewhere.resolve("data");

        StatusReport report = StatusReport.of("tcp://127.0.0.1:61616", List.of(), 0, gone);

        String text = report.toText(ZoneId.of("UTC"));
        assertTrue(text.contains("data folder " + gone + ": NOT THERE"), text);
        assertTrue(text.contains("--data"), "says how to name the gateway's folder: " + text);
        JsonNode json = Json.MAPPER.readTree(report.toJson());
        assertEquals(gone.toString(), json.path("dataFolder").asText(), json.toString());
        assertTrue(json.path("dataFolderProblem").asText().contains("not there"), json.toString());
    }

    @Test
    void a_data_folder_that_is_there_is_named_without_a_problem(@TempDir Path data) throws Exception {
        StatusReport report = StatusReport.withoutBroker("(none: in-process only)", "no listener", data);

        assertFalse(report.toText(ZoneId.of("UTC")).contains("NOT THERE"));
        JsonNode json = Json.MAPPER.readTree(report.toJson());
        assertEquals(data.toString(), json.path("dataFolder").asText());
        assertTrue(json.path("dataFolderProblem").isMissingNode(), json.toString());
    }
}
