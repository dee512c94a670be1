package io.mediagate.durability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.testsupport.TestMedia;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise to users, checked after a run with crashes: every input ended exactly once (envelope in
 * outbox/ and original in done/, or an error record in failed/), nothing is left in the inbox or the work
 * area, and the vendor did no task twice unless an envelope says {@code possibleDuplicateSubmission}.
 * Inputs are {@code object-detect/…} (sync) or an async OpenSearch operation.
 */
final class Outcomes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Outcomes() {
    }

    /** Drops images into object-detect (sync), image-analyze and image-ocr (async), in turn; returns their names. */
    static List<String> dropMixedInputs(Path data, int inputs) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            String op = i % 3 == 0 ? "object-detect" : i % 3 == 1 ? "image-analyze" : "image-ocr";
            names.add(op + "/f" + i + ".png");
            TestMedia.drop(data.resolve("inbox/opensearch/" + op), "f" + i + ".png", TestMedia.image("png", 16 + i % 50, 16 + i / 50));
        }
        return names;
    }

    /**
     * @param jobsSubmittedTwice distinct requests the vendor served more than once (tasks, detections): each must be a job
     *                           whose envelope says possibleDuplicateSubmission (one job killed in two submit windows
     *                           creates three tasks but writes one envelope, so tasks are not compared to envelopes)
     */
    static void assertEachInputEndedOnce(Path data, List<String> names, SandboxControl control, long jobsSubmittedTwice,
                                         String context) throws IOException {
        Map<String, Integer> outcomes = outcomes(data);
        int flaggedAsync = 0;
        int flaggedSync = 0;
        for (Path envelope : files(data.resolve("outbox"))) {
            String name = data.resolve("outbox/opensearch").relativize(envelope).toString().replaceAll("\\.json$", "");
            assertTrue(Files.exists(data.resolve("done/opensearch").resolve(name)), "original of " + name + " in done/");
            if (JSON.readTree(envelope.toFile()).path("possibleDuplicateSubmission").asBoolean()) {
                if (name.startsWith("object-detect")) {
                    flaggedSync++;
                } else {
                    flaggedAsync++;
                }
            }
        }
        for (String name : names) {
            assertEquals(1, outcomes.getOrDefault(name, 0), context + "\n" + name + " must end exactly once: " + outcomes.get(name));
        }
        assertEquals(names.size(), outcomes.size(), context);
        assertTrue(files(data.resolve("inbox")).isEmpty(), "nothing may stay in the inbox: " + files(data.resolve("inbox")));
        List<Path> left = files(data.resolve("work")).stream()
                .filter(f -> !f.getParent().getFileName().toString().equals(".instances")).toList();
        assertTrue(left.isEmpty(), "nothing may stay in the work area: " + left);

        long asyncInputs = names.stream().filter(n -> !n.startsWith("object-detect")).count();
        long syncInputs = names.size() - asyncInputs;
        long extraTasks = control.events("opensearch", "tasks-created") - asyncInputs;
        long extraDetections = control.events("opensearch", "detections-served") - syncInputs;
        assertTrue(extraTasks + extraDetections >= jobsSubmittedTwice, context);
        assertTrue(jobsSubmittedTwice <= flaggedAsync + flaggedSync, context + "\n" + jobsSubmittedTwice + " jobs sent more than once ("
                + extraTasks + " extra tasks, " + extraDetections + " extra detections) but only " + (flaggedAsync + flaggedSync)
                + " envelopes say so");
    }

    /** How many times each input ({@code <operation>/<name>}) has ended so far. */
    static Map<String, Integer> outcomes(Path data) throws IOException {
        Map<String, Integer> outcomes = new HashMap<>();
        for (Path envelope : files(data.resolve("outbox"))) {
            outcomes.merge(data.resolve("outbox/opensearch").relativize(envelope).toString().replaceAll("\\.json$", ""), 1, Integer::sum);
        }
        for (Path error : files(data.resolve("failed"))) {
            if (error.toString().endsWith(".error.json")) {
                outcomes.merge(data.resolve("failed/opensearch").relativize(error).toString().replaceAll("\\.error\\.json$", ""), 1, Integer::sum);
            }
        }
        return outcomes;
    }

    static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
