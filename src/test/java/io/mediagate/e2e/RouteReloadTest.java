package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import java.util.stream.Stream;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routes are read from disk; an edited route file that is safe to swap while running takes effect without a restart. */
class RouteReloadTest {

    @Test
    void an_edited_route_file_is_reloaded_while_the_gateway_runs(@TempDir Path data, @TempDir Path routes) throws Exception {
        copyRoutes(routes);
        try (RunningGateway gateway = RunningGateway.start(data, Map.of(
                "camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml",
                "camel.main.routes-reload-enabled", "true",
                "camel.main.routes-reload-directory", routes.toString()))) {
            Path ingest = routes.resolve("ingest.camel.yaml");
            // ingest also leaves a mark for every file it took: a visible change in behaviour
            String edited = Files.readString(ingest).replace(
                    "            method: enqueued\n",
                    "            method: enqueued\n        - setBody:\n            constant: \"taken\"\n        - to: \"file:%s/copies\"\n"
                            .formatted(data));
            assertTrue(!edited.equals(Files.readString(ingest)), "the test must really change the route");
            Files.writeString(ingest, edited);
            // the file watcher notices the edit within seconds; keep dropping files until one is delivered
            // by the edited route (files taken before the reload leave no mark)
            Path copies = data.resolve("copies");
            for (int i = 0; i < 30 && !hasFiles(copies); i++) {
                TestMedia.drop(gateway.inbox("opensearch/object-detect"), "after-edit-" + i + ".jpg", TestMedia.image("jpg", 30, 30 + i));
                Thread.sleep(1000);
            }
            await("a mark left by the edited ingest route", Duration.ofSeconds(15), () -> hasFiles(copies));
        }
    }

    /**
     * Edits of every route file while jobs are in flight. A reload of a transacted stage route stops its listener
     * container mid-delivery ("Rejecting received message because of the listener container having been stopped"):
     * that job stayed in flight for good while the gateway ran. So only the routes that are safe to swap while running
     * (ingest, media, progress) reload; the stage routes take edits at the next start.
     */
    @Test
    void edits_while_jobs_are_in_flight_reload_only_the_safe_routes_and_lose_nothing(
            @TempDir Path data, @TempDir Path routes) throws Exception {
        copyRoutes(routes);
        int async = 12;
        int sync = 24;
        try (RunningGateway gateway = RunningGateway.start(data, Map.of(
                "camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml",
                "camel.main.routes-reload-enabled", "true",
                "camel.main.routes-reload-directory", routes.toString(),
                "mediagate.ingest.min-age", "200ms",
                "mediagate.sandbox.task-duration", "4s",
                // polls keep running through the reload
                "mediagate.opensearch.poll.first-delay", "200ms",
                "mediagate.opensearch.poll.max-interval", "300ms",
                // detections wait for the rate limit inside the submit transaction while the routes reload
                "mediagate.opensearch.rate.detection", "4"))) {
            CamelContext context = gateway.context();
            Map<String, Route> before = new HashMap<>();
            for (String id : List.of("submit", "poll", "deliver", "ingest")) {
                before.put(id, context.getRoute(id));
            }
            for (int i = 0; i < async; i++) {
                TestMedia.drop(gateway.inbox("opensearch/image-analyze"), "a" + i + ".png", TestMedia.image("png", 30 + i, 30));
            }
            for (int i = 0; i < sync; i++) {
                TestMedia.drop(gateway.inbox("opensearch/object-detect"), "s" + i + ".jpg", TestMedia.image("jpg", 30 + i, 40));
            }
            await("some tasks created and some detections served", Duration.ofSeconds(30),
                    () -> gateway.sandbox().control().events("opensearch", "tasks-created") >= 4
                            && gateway.sandbox().control().events("opensearch", "detections-served") >= 2);
            for (String id : before.keySet()) {
                Path file = routes.resolve(id + ".camel.yaml");
                Files.writeString(file, Files.readString(file) + "# edited while jobs are in flight\n");
            }
            await("the ingest route reloaded", Duration.ofSeconds(30),
                    () -> context.getRoute("ingest") != null && context.getRoute("ingest") != before.get("ingest"));
            assertTrue(envelopes(data).size() < async + sync, "the reload came while jobs were still in flight: " + envelopes(data));

            await("every input delivered", Duration.ofSeconds(90), () -> envelopes(data).size() == async + sync);
            assertEquals(List.of(), files(data.resolve("failed")), "nothing failed");
            assertEquals(async, gateway.sandbox().control().events("opensearch", "tasks-created"), "no task submitted twice");
            assertEquals(sync, gateway.sandbox().control().events("opensearch", "detections-served"), "no detection called twice");
            for (Path envelope : envelopes(data)) {
                assertTrue(!Files.readString(envelope).contains("possibleDuplicateSubmission"), envelope.toString());
            }
            // the envelope is written before the original moves to done/: the last move may still be under way
            await("every original in done/", Duration.ofSeconds(30), () -> files(data.resolve("done")).size() == async + sync);
            assertEquals(async + sync, files(data.resolve("done")).size(), "every original in done/");
            assertEquals(List.of(), files(data.resolve("inbox")), "nothing left in the inbox");
            for (String stage : List.of("submit", "poll", "deliver")) {
                assertTrue(context.getRoute(stage) == before.get(stage), "the stage route " + stage + " was not reloaded");
            }
        }
    }

    private static void copyRoutes(Path routes) throws java.io.IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
    }

    private static List<Path> envelopes(Path data) {
        return files(data.resolve("outbox")).stream().filter(f -> f.toString().endsWith(".json")).toList();
    }

    private static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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
