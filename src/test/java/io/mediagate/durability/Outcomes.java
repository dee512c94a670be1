package io.mediagate.durability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagate.auth.Digests;
import io.mediagate.testsupport.TestMedia;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise to users, checked after a run with crashes: every input (all valid) ended exactly once with a result
 * (envelope in outbox/, original in done/, nothing in failed/), nothing is left in the inbox or the work area, and
 * every job the vendor served twice has an envelope that says {@code possibleDuplicateSubmission}, compared job by
 * job (the sandbox's record of the media it served more than once against the flagged envelopes).
 * Inputs are {@code object-detect/…} (sync) or an async OpenSearch operation.
 */
final class Outcomes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Outcomes() {
    }

    /**
     * Drops images into object-detect (sync), image-analyze and image-ocr (async), in turn, each a different image.
     *
     * @return each input's name ({@code <operation>/<file>}) → the SHA-256 (hex) of its content, in the order dropped
     */
    static Map<String, String> dropMixedInputs(Path data, int inputs) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        for (int i = 0; i < inputs; i++) {
            String op = i % 3 == 0 ? "object-detect" : i % 3 == 1 ? "image-analyze" : "image-ocr";
            byte[] image = TestMedia.image("png", 16 + i % 50, 16 + i / 50);
            digests.put(op + "/f" + i + ".png", HexFormat.of().formatHex(Digests.sha256(image)));
            TestMedia.drop(data.resolve("inbox/opensearch/" + op), "f" + i + ".png", image);
        }
        return digests;
    }

    /**
     * @param inputs           input name → content digest, as {@link #dropMixedInputs} returned them
     * @param mediaServedTwice the digests of the media the vendor served (task created, detection made) more than once
     */
    static void assertEachInputEndedOnce(Path data, Map<String, String> inputs, Set<String> mediaServedTwice,
                                         String context) throws IOException {
        Map<String, Integer> outcomes = outcomes(data);
        Set<String> flagged = new TreeSet<>();
        for (Path envelope : files(data.resolve("outbox"))) {
            String name = data.resolve("outbox/opensearch").relativize(envelope).toString().replaceAll("\\.json$", "");
            assertTrue(Files.exists(data.resolve("done/opensearch").resolve(name)), "original of " + name + " in done/");
            if (JSON.readTree(envelope.toFile()).path("possibleDuplicateSubmission").asBoolean()) {
                flagged.add(name);
            }
        }
        // every input is valid and the vendor answers every one: an error record is a lost result, not an ending
        List<Path> failed = files(data.resolve("failed"));
        assertTrue(failed.isEmpty(), context + "\n" + failed.size() + " files in failed/ for valid inputs, e.g. "
                + failed.subList(0, Math.min(10, failed.size())));
        for (String name : inputs.keySet()) {
            assertTrue(Files.exists(data.resolve("outbox/opensearch/" + name + ".json")), context + "\nno envelope for " + name);
            assertEquals(1, outcomes.getOrDefault(name, 0), context + "\n" + name + " must end exactly once: " + outcomes.get(name));
        }
        assertEquals(new TreeSet<>(inputs.keySet()), new TreeSet<>(outcomes.keySet()), context);
        assertTrue(files(data.resolve("inbox")).isEmpty(), "nothing may stay in the inbox: " + files(data.resolve("inbox")));
        List<Path> left = files(data.resolve("work")).stream()
                .filter(f -> !f.getParent().getFileName().toString().equals(".instances")).toList();
        assertTrue(left.isEmpty(), "nothing may stay in the work area: " + left);

        Set<String> servedTwice = new TreeSet<>();
        inputs.forEach((name, digest) -> {
            if (mediaServedTwice.contains(digest)) {
                servedTwice.add(name);
            }
        });
        assertEquals(mediaServedTwice.size(), servedTwice.size(), context + "\nthe vendor served media twice that is none of the inputs");
        Set<String> unmarked = new TreeSet<>(servedTwice);
        unmarked.removeAll(flagged);
        assertTrue(unmarked.isEmpty(), context + "\njobs the vendor served more than once whose envelopes do not say"
                + " possibleDuplicateSubmission: " + unmarked + " (served twice: " + servedTwice + ", flagged: " + flagged + ")");
        // a flag without a second call is allowed (the gateway cannot know whether an interrupted call arrived): for the record
        System.out.println("served twice: " + servedTwice + "; flagged: " + flagged);
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
