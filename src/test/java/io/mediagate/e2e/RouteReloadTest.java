package io.mediagate.e2e;

import io.mediagate.testsupport.TestMedia;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static io.mediagate.e2e.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routes are read from disk and an edited route file takes effect without a restart. */
class RouteReloadTest {

    @Test
    void an_edited_route_file_is_reloaded_while_the_gateway_runs(@TempDir Path data, @TempDir Path routes) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        try (RunningGateway gateway = RunningGateway.start(data, Map.of(
                "camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml",
                "camel.main.routes-reload-enabled", "true",
                "camel.main.routes-reload-directory", routes.toString()))) {
            Path deliver = routes.resolve("deliver.camel.yaml");
            // deliver also keeps a copy of every envelope's job message: a visible change in behaviour
            String edited = Files.readString(deliver).replace(
                    "                    method: deliver\n",
                    "                    method: deliver\n                - to: \"file:%s/copies\"\n".formatted(data));
            assertTrue(!edited.equals(Files.readString(deliver)), "the test must really change the route");
            Files.writeString(deliver, edited);
            // the file watcher notices the edit within seconds; keep dropping files until one is delivered
            // by the edited route (files delivered before the reload are not copied)
            Path copies = data.resolve("copies");
            for (int i = 0; i < 30 && !hasFiles(copies); i++) {
                TestMedia.drop(gateway.inbox("opensearch/object-detect"), "after-edit-" + i + ".jpg", TestMedia.image("jpg", 30, 30 + i));
                Thread.sleep(1000);
            }
            await("a job message copied by the edited deliver route", Duration.ofSeconds(15), () -> hasFiles(copies));
        }
    }

    private static boolean hasFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isPresent();
        } catch (java.io.IOException notYet) {
            return false;
        }
    }
}
