package io.mediagate.testsupport;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.mediagate.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** schemas/job-event.schema.json, the file users read, for tests that check published events against it. */
public final class JobEventSchema {

    private JobEventSchema() {
    }

    public static Schema load() {
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(Json.MAPPER.readTree(Path.of("schemas/job-event.schema.json").toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
