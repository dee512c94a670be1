package io.mediagate.media.served;

import io.mediagate.job.Job;
import io.mediagate.testsupport.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's media links: only an intact, unexpired link to a file still in the work area gets anything. */
class ServedMediaTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

    @TempDir
    Path work;


    private Job jobWithInput(String name) throws Exception {
        Path file = Files.createDirectories(work.resolve("9f2804513f1e97977a14678937ef06dc")).resolve(name);
        Files.writeString(file, "pixels");
        Job job = new Job();
        job.setId("9f2804513f1e97977a14678937ef06dc");
        job.getSource().workFile = file.toString();
        return job;
    }

    private static String token(String url) {
        String[] parts = url.split("/");
        return parts[parts.length - 2];
    }

    @Test
    void a_fresh_link_gives_the_file_and_nothing_else() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));
        ServedMedia served = new ServedMedia(work, new MediaLinks(KEY, Duration.ofHours(1), clock), "https://media.example.com/");
        Job job = jobWithInput("cat photo.png");
        String url = served.linkFor(job);
        assertTrue(url.startsWith("https://media.example.com/media/") && url.endsWith("/cat%20photo.png"), url);
        assertEquals(Optional.of(Path.of(job.getSource().workFile)), served.resolve(token(url), "cat photo.png"));
        assertEquals(Optional.empty(), served.resolve(token(url), "other.png"), "the name must be the signed one");
    }

    @Test
    void a_job_input_filed_under_its_dropped_path_in_one_name_is_linked_by_its_dropped_name() throws Exception {
        ServedMedia served = new ServedMedia(work, new MediaLinks(KEY, Duration.ofHours(1),
                new MovableClock(Instant.parse("2026-11-23T10:00:00Z"))), "https://media.example.com/");
        // the input of pai/video-qa/team/100% clip.mp4, as the work area files it (flow.FlatNames)
        Job job = jobWithInput("input.pai%2Fvideo-qa%2Fteam%2F100%25 clip.mp4");

        String url = served.linkFor(job);

        assertTrue(url.endsWith("/100%25%20clip.mp4"), "the dropped name, not the user's folders: " + url);
        assertEquals(Optional.of(Path.of(job.getSource().workFile)), served.resolve(token(url), "100% clip.mp4"));
        assertEquals(Optional.empty(), served.resolve(token(url), "clip.mp4"));
    }

    @Test
    void expired_tampered_foreign_and_traversing_links_are_refused_alike() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));
        MediaLinks links = new MediaLinks(KEY, Duration.ofHours(1), clock);
        ServedMedia served = new ServedMedia(work, links, "http://127.0.0.1:8087");
        Job job = jobWithInput("a.png");
        String token = token(served.linkFor(job));

        String tampered = token.substring(0, token.indexOf('.')) + "." + "A" + token.substring(token.indexOf('.') + 2);
        assertEquals(Optional.empty(), served.resolve(tampered, "a.png"));
        String otherPath = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "9f2804513f1e97977a14678937ef06dc/b.png\n9999999999".getBytes()) + token.substring(token.indexOf('.'));
        assertEquals(Optional.empty(), served.resolve(otherPath, "b.png"), "a signature does not carry over to another path");
        String foreign = token(new ServedMedia(work, new MediaLinks("another-key-another-key".getBytes(), Duration.ofHours(1), clock),
                "http://x").linkFor(job));
        assertEquals(Optional.empty(), served.resolve(foreign, "a.png"), "another gateway's key");
        String escape = links.token("../outside.txt");
        Files.writeString(work.getParent().resolve("outside.txt"), "secret");
        assertEquals(Optional.empty(), served.resolve(escape, "outside.txt"), "never outside the work area, even when signed");
        assertEquals(Optional.empty(), served.resolve("garbage", "a.png"));
        assertEquals(Optional.empty(), served.resolve(null, "a.png"));

        clock.advance(Duration.ofMinutes(61));
        assertEquals(Optional.empty(), served.resolve(token, "a.png"), "expired");
    }

    @Test
    void a_link_dies_with_its_job() throws Exception {
        ServedMedia served = new ServedMedia(work, new MediaLinks(KEY, Duration.ofHours(1), Clock.systemUTC()), "http://127.0.0.1:8087");
        Job job = jobWithInput("a.png");
        String token = token(served.linkFor(job));
        Files.delete(Path.of(job.getSource().workFile));
        assertEquals(Optional.empty(), served.resolve(token, "a.png"), "delivered: the file left the work area");
    }
}
