package io.mediagate.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.polling.ProcessingTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `status` shows what adaptive polling learned, so a user can see why polls come when they come. */
class LearnedTimesStatusTest {

    @Test
    void theLearnedProcessingTimesAreShownInTextAndJson(@TempDir Path data) throws Exception {
        ProcessingTimes times = new ProcessingTimes();
        times.done("opensearch/image-analyze/≤1MB", 30_000, 32_000);
        java.nio.file.Files.createDirectories(data.resolve("work").resolve(ProcessingTimes.FILE_IN_WORK).getParent());
        java.nio.file.Files.write(data.resolve("work").resolve(ProcessingTimes.FILE_IN_WORK), times.toJson());

        StatusReport report = StatusReport.withoutBroker("vm://0", "not running", data);

        String text = report.toText(ZoneId.of("UTC"));
        assertTrue(text.contains("learned processing times"), text);
        assertTrue(text.contains("opensearch/image-analyze ≤1MB") && text.contains("31.0 s") && text.contains("from 1 tasks"), text);
        JsonNode learned = Json.MAPPER.readTree(report.toJson()).path("learnedProcessingTimes").path(0);
        assertEquals("image-analyze", learned.path("operation").asText());
        assertEquals("≤1MB", learned.path("sizeClass").asText());
        assertEquals(31.0, learned.path("seconds").asDouble(), 0.001);
    }

    @Test
    void nothingLearnedNothingShown(@TempDir Path data) {
        StatusReport report = StatusReport.of("vm://0", List.of(), 0, data);

        assertFalse(report.toText(ZoneId.of("UTC")).contains("learned"));
    }
}
