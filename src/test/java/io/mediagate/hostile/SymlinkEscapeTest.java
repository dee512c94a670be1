package io.mediagate.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import io.mediagate.media.served.ServedMedia;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.testsupport.TestMedia;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Symbolic links planted in the data folder, pointing outside it: the gateway must never move, read, send or serve
 * what they point to, and the person who dropped a link gets an error record for it (one gateway for the class).
 */
class SymlinkEscapeTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Somewhere the gateway has no business in: a user's own photos, a system file. */
    @TempDir
    static Path outside;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of("mediagate.ingest.min-age", "1s",
                "mediagate.sandbox.task-duration", "300ms",
                "mediagate.opensearch.poll.first-delay", "200ms"));

    private static CamelContext context() {
        return gateway.context();
    }

    private static Path inbox(String relative) {
        return gateway.data().resolve("inbox/opensearch/object-detect").resolve(relative);
    }

    private static Path failed(String relative) {
        return gateway.data().resolve("failed/opensearch/object-detect").resolve(relative);
    }

    private static Path outbox(String relative) {
        return gateway.data().resolve("outbox/opensearch/object-detect").resolve(relative);
    }

    /** Vendor calls the sandbox has answered for OpenSearch so far. */
    private static long openSearchCalls() {
        SandboxServer sandbox = context().getRegistry().lookupByNameAndType("sandbox", SandboxServer.class);
        long calls = 0;
        JsonNode counts = sandbox.control().countsAsJson();
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().startsWith("opensearch/")) {
                calls += entry.getValue().path("calls").asLong();
            }
        }
        return calls;
    }

    /** Every file below a folder (not following links) with its bytes, to tell that nothing was moved or changed. */
    private static Map<String, String> snapshot(Path folder) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).forEach(file -> {
                try {
                    files.put(folder.relativize(file).toString(), java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static JsonNode read(Path json) throws IOException {
        return Json.readOrNull(Files.readString(json));
    }

    private static void assertRefusedLink(Path errorRecord, String path) throws IOException {
        assertTrue(Files.exists(errorRecord), "an error record for the link " + path);
        JsonNode record = read(errorRecord);
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertEquals("opensearch/object-detect/" + path, record.path("file").asText(), record.toString());
        String message = record.path("message").asText();
        assertTrue(message.contains("symbolic link") && message.contains("outside"), message);
    }

    @Test
    void a_folder_link_in_an_operation_folder_is_not_followed_and_its_target_keeps_every_file() throws Exception {
        Path photos = Files.createDirectories(outside.resolve("holiday"));
        TestMedia.writeImage(photos, "beach.jpg", "jpg", 64, 48);
        TestMedia.writeImage(photos, "hills.jpg", "jpg", 64, 48);
        Map<String, String> before = snapshot(photos);
        long callsBefore = openSearchCalls();

        Files.createDirectories(inbox(""));
        Files.createSymbolicLink(inbox("holiday"), photos);

        // either outcome ends the wait: the link refused, or (the defect) the photos taken out of their folder
        await("the link refused or the linked folder touched",
                () -> Files.exists(failed("holiday.error.json")) || !snapshot(photos).equals(before));
        assertEquals(before, snapshot(photos), "the folder the link points to keeps all its files, unchanged");
        assertRefusedLink(failed("holiday.error.json"), "holiday");
        assertTrue(read(failed("holiday.error.json")).path("message").asText().contains(photos.toString()),
                "the record keeps where the link pointed, so it can be made again");
        assertFalse(Files.exists(inbox("holiday"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "the link has left the inbox");
        assertFalse(Files.exists(gateway.data().resolve("done/opensearch/object-detect/holiday")), "nothing taken through the link");
        assertFalse(Files.exists(failed("holiday/beach.jpg")), "nothing taken through the link");
        assertFalse(Files.exists(outbox("holiday")), "nothing sent through the link");
        assertEquals(callsBefore, openSearchCalls(), "no vendor call for the linked photos");
    }

    @Test
    void a_file_link_to_an_outside_file_is_never_read_or_sent_to_the_vendor() throws Exception {
        Path secret = TestMedia.writeImage(Files.createDirectories(outside.resolve("private")), "id-card.jpg", "jpg", 64, 48);
        Map<String, String> before = snapshot(secret.getParent());
        long callsBefore = openSearchCalls();

        Files.createDirectories(inbox(""));
        Files.createSymbolicLink(inbox("leak.jpg"), secret);

        await("an error record or an envelope for leak.jpg",
                () -> Files.exists(failed("leak.jpg.error.json")) || Files.exists(outbox("leak.jpg.json")));
        assertFalse(Files.exists(outbox("leak.jpg.json")), "the linked file must not come back from the vendor");
        assertEquals(callsBefore, openSearchCalls(), "the linked file was never sent to the vendor");
        assertRefusedLink(failed("leak.jpg.error.json"), "leak.jpg");
        assertEquals(before, snapshot(secret.getParent()), "the linked file stays where it is, unchanged");
        assertFalse(Files.exists(inbox("leak.jpg"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "the link has left the inbox (it is not tried again and again)");
    }

    @Test
    void links_nested_deeper_in_the_inbox_are_refused_alike() throws Exception {
        Path folder = Files.createDirectories(outside.resolve("nested"));
        TestMedia.writeImage(folder, "one.jpg", "jpg", 64, 48);
        Path file = TestMedia.writeImage(Files.createDirectories(outside.resolve("nested-file")), "two.jpg", "jpg", 64, 48);
        Map<String, String> before = snapshot(outside);

        Files.createDirectories(inbox("sub/deeper"));
        Files.createSymbolicLink(inbox("sub/deeper/link"), folder);
        Files.createSymbolicLink(inbox("sub/two.jpg"), file);
        // a real file beside them still becomes a job as usual
        TestMedia.writeImage(inbox("sub"), "real.jpg", "jpg", 64, 48);

        await("records for both links and the real file's envelope", () -> Files.exists(failed("sub/deeper/link.error.json"))
                && Files.exists(failed("sub/two.jpg.error.json")) && Files.exists(outbox("sub/real.jpg.json"))
                || !snapshot(outside).equals(before));
        assertEquals(before, snapshot(outside), "nothing outside the data folder moved or changed");
        assertRefusedLink(failed("sub/deeper/link.error.json"), "sub/deeper/link");
        assertRefusedLink(failed("sub/two.jpg.error.json"), "sub/two.jpg");
        assertFalse(Files.exists(outbox("sub/deeper/link")), "nothing sent through the link");
        assertTrue(Files.exists(outbox("sub/real.jpg.json")), "the real file beside the links got its result");
    }

    @Test
    void a_signed_media_link_to_a_link_in_the_work_area_is_a_bare_404() throws Exception {
        Path passwd = Files.writeString(outside.resolve("passwd"), "root:x:0:0:secret-of-the-host");
        Path secrets = Files.createDirectories(outside.resolve("secrets"));
        Files.writeString(secrets.resolve("key.png"), "secret-of-the-host");
        ServedMedia served = context().getRegistry().lookupByNameAndType("servedMedia", ServedMedia.class);

        // a link as the input file itself, and a link as a folder on the way to it
        Path fileLink = Files.createDirectories(gateway.data().resolve("work/1111aaaa/input/pai/x")).resolve("passwd.png");
        Files.createSymbolicLink(fileLink, passwd);
        Files.createSymbolicLink(gateway.data().resolve("work/2222bbbb"), secrets);
        for (Path linked : new Path[]{fileLink, gateway.data().resolve("work/2222bbbb/key.png")}) {
            Job job = new Job();
            job.setId(gateway.data().resolve("work").relativize(linked).getName(0).toString());
            job.getSource().workFile = linked.toString();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(served.linkFor(job))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, response.statusCode(), linked + " → " + response.body());
            assertFalse(response.body().contains("secret-of-the-host"), linked + " → " + response.body());
        }
        Files.delete(fileLink);
        Files.delete(gateway.data().resolve("work/2222bbbb"));

        // the same link to a plain file in the work area is served, whole: the 404s above are the links'
        Path plain = Files.writeString(Files.createDirectories(gateway.data().resolve("work/3333cccc/input/pai/x")).resolve("ok.png"), "pixels");
        Job job = new Job();
        job.setId("3333cccc");
        job.getSource().workFile = plain.toString();
        HttpResponse<String> served200 = HTTP.send(HttpRequest.newBuilder(URI.create(served.linkFor(job))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, served200.statusCode());
        assertEquals("pixels", served200.body());
        assertEquals("6", served200.headers().firstValue("Content-Length").orElse("(none)"), "sent with its length");
        Files.delete(plain);
    }
}
