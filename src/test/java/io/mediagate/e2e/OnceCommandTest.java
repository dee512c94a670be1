package io.mediagate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.OnceInThisJvm;
import io.mediagate.json.Json;
import io.mediagate.testsupport.GatewayJvm;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mediagate --once} as a user runs it: a separate JVM that processes the inbox, waits for every job
 * (sync and async) to end, prints a summary and exits 0 when all succeeded, 1 when any failed, 2 on a configuration
 * error, 4 at its deadline. Each exit code is checked on a real JVM exit; the batch-file count, a matter of what the
 * run reports, runs {@code --once} in this JVM (a JVM start-up saved). Each test has its own data folder and gateway,
 * so they run side by side.
 */
@Execution(ExecutionMode.CONCURRENT)
class OnceCommandTest {

    /** Runs in this JVM: two such gateways side by side would share the in-VM broker address and take each other's jobs. */
    private static final String IN_THIS_JVM = "a gateway in the test JVM";

    @Test
    void once_processes_the_inbox_waits_for_async_jobs_and_exits_0_when_all_succeeded(@TempDir Path data) throws Exception {
        TestMedia.drop(data.resolve("inbox/opensearch/object-detect"), "cat.jpg", TestMedia.image("jpg", 120, 90));
        TestMedia.drop(data.resolve("inbox/opensearch/image-analyze"), "dog.png", TestMedia.image("png", 64, 64));

        Result result = runOnce(data);

        assertEquals(0, result.exitCode, result.output);
        assertTrue(result.output.contains("2 files, 2 succeeded, 0 failed"), result.output);
        assertTrue(result.output.contains("SANDBOX"), "the start-up banner says the sandbox is used: " + result.output);
        assertTrue(Files.exists(data.resolve("outbox/opensearch/object-detect/cat.jpg.json")));
        assertTrue(Files.exists(data.resolve("outbox/opensearch/image-analyze/dog.png.json")));
    }

    @Test
    void once_exits_1_and_names_the_failed_file_when_any_job_failed(@TempDir Path data) throws Exception {
        TestMedia.drop(data.resolve("inbox/opensearch/object-detect"), "good.jpg", TestMedia.image("jpg", 50, 50));
        TestMedia.drop(data.resolve("inbox/opensearch/object-detect"), "empty.jpg", new byte[0]);

        Result result = runOnce(data);

        assertEquals(1, result.exitCode, result.output);
        assertTrue(result.output.contains("2 files, 1 succeeded, 1 failed"), result.output);
        assertTrue(result.output.contains("opensearch/object-detect/empty.jpg"), result.output);
        assertTrue(Files.exists(data.resolve("failed/opensearch/object-detect/empty.jpg.error.json")));
    }

    @Test
    @ResourceLock(IN_THIS_JVM)
    void once_exits_1_and_counts_every_failed_video_of_a_batch_job_file(@TempDir Path data) throws Exception {
        // a loopback port nobody listens on: the sandbox's PAI really tries it and fails that one video (state 3)
        String unreachable = "http://127.0.0.1:" + Ports.free() + "/gone.mp4";
        Files.createDirectories(data.resolve("inbox/pai/video-qa"));
        Files.writeString(data.resolve("inbox/pai/video-qa/week.job.json"),
                "{\"urls\": [\"https://example.com/mon.mp4\", \"" + unreachable + "\", \"https://example.com/wed.mp4\"]}");

        OnceInThisJvm.Result result = OnceInThisJvm.run(RunningGateway.settings(data, Map.of(
                "mediagate.sandbox.task-duration", "500ms", "mediagate.pai.poll.first-delay", "300ms")));

        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("3 files, 2 succeeded, 1 failed"), result.output());
        assertTrue(result.output().contains("pai/video-qa/week/2-gone.mp4"), result.output());
        assertTrue(Files.exists(data.resolve("failed/pai/video-qa/week/2-gone.mp4.error.json")));
        assertTrue(Files.exists(data.resolve("outbox/pai/video-qa/week.json")));
    }

    @Test
    @ResourceLock(IN_THIS_JVM)
    void once_takes_a_linked_inbox_leaves_hidden_files_and_partial_downloads_alone_and_does_not_wait_for_them(
            @TempDir Path data, @TempDir Path mount) throws Exception {
        // the inbox on another folder of the same file system, linked in (the README allows the inbox to be a link)
        Files.createSymbolicLink(data.resolve("inbox"), mount);
        Path folder = mount.resolve("opensearch/object-detect");
        for (int i = 0; i < 3; i++) {
            TestMedia.drop(folder, "cat" + i + ".jpg", TestMedia.image("jpg", 50 + i, 50));
        }
        // files still being written under the names the README says are left alone, and a hidden folder an uploader
        // writes into before it renames the finished file into place
        byte[] unfinished = TestMedia.image("jpg", 60, 60);
        List<String> leftAlone = List.of("dog.jpg.part", "dog.jpg.partial", "dog.jpg.tmp", "dog.jpg.crdownload", "dog.jpg~",
                ".dog.jpg", ".upload/dog.jpg", ".upload/sub/owl.jpg");
        for (String name : leftAlone) {
            TestMedia.write(Files.createDirectories(folder.resolve(name).getParent()).resolve(folder.resolve(name).getFileName()),
                    unfinished);
        }

        // a deadline short enough to fail fast, should the run wait for any of them
        OnceInThisJvm.Result result = OnceInThisJvm.run(RunningGateway.settings(data, Map.of("mediagate.once.timeout", "20s")));

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("3 files, 3 succeeded, 0 failed"), result.output());
        for (int i = 0; i < 3; i++) {
            assertTrue(Files.exists(data.resolve("outbox/opensearch/object-detect/cat" + i + ".jpg.json")), "cat" + i);
        }
        for (String name : leftAlone) {
            assertTrue(Files.exists(folder.resolve(name)), name + " is still where it is being written");
            assertTrue(java.util.Arrays.equals(unfinished, Files.readAllBytes(folder.resolve(name))), name + " untouched");
        }
        try (var failed = Files.walk(data.resolve("failed"))) {
            assertEquals(List.of(), failed.filter(Files::isRegularFile).toList(), "no error record for any of them");
        }
    }

    @Test
    void once_gives_up_at_its_deadline_names_what_is_in_flight_and_exits_4(@TempDir Path data) throws Exception {
        // the sandbox's task runs for an hour: the job cannot end before the run's deadline
        TestMedia.drop(data.resolve("inbox/opensearch/image-analyze"), "slow.png", TestMedia.image("png", 64, 64));

        Result result = run(data, GatewayJvm.command(), List.of(
                "-Dmediagate.sandbox.task-duration=1h",
                "-Dmediagate.opensearch.poll.first-delay=300ms",
                "-Dmediagate.once.timeout=5s",
                "-Dmediagate.broker.listen=",
                // free ports, not 9876/8087: test JVMs run side by side, and a gateway on this machine may hold those
                "-Dcamel.management.port=" + Ports.free(), "-Dcamel.server.port=" + Ports.free(),
                "io.mediagate.Application", "--once"));

        assertEquals(4, result.exitCode, result.output);
        assertTrue(result.output.contains("still in flight after"), result.output);
        assertTrue(result.output.contains("opensearch/image-analyze/slow.png (job "), result.output);
        assertTrue(Files.exists(data.resolve("inbox/opensearch/image-analyze/slow.png"))
                || Files.list(data.resolve("work")).anyMatch(p -> !p.getFileName().toString().startsWith(".")),
                "the job is kept for the next run, not dropped");
    }

    @Test
    @ResourceLock(IN_THIS_JVM)
    void once_keeps_a_result_the_disk_refuses_exits_4_at_its_deadline_and_the_next_run_delivers_it(@TempDir Path data)
            throws Exception {
        // a file where the envelope's folder must be: the disk refuses this job's delivery
        Files.createDirectories(data.resolve("outbox/opensearch/object-detect"));
        Path obstacle = Files.writeString(data.resolve("outbox/opensearch/object-detect/blocked"), "someone else's file");
        TestMedia.drop(data.resolve("inbox/opensearch/object-detect/blocked"), "stuck.jpg", TestMedia.image("jpg", 64, 48));
        Map<String, String> settings = Map.of("mediagate.once.timeout", "5s",
                "mediagate.deliver.disk-retry.first-delay", "100ms", "mediagate.deliver.disk-retry.max-interval", "400ms");

        OnceInThisJvm.Result first = OnceInThisJvm.run(RunningGateway.settings(data, settings));

        assertEquals(4, first.exitCode(), first.output());
        assertTrue(first.output().contains("opensearch/object-detect/blocked/stuck.jpg (job "), first.output());
        try (var failed = Files.walk(data.resolve("failed"))) {
            assertEquals(List.of(), failed.filter(Files::isRegularFile).toList(), "a paid-for result is not failed for the disk");
        }

        Files.delete(obstacle);
        OnceInThisJvm.Result next = OnceInThisJvm.run(RunningGateway.settings(data, settings));

        assertEquals(0, next.exitCode(), next.output());
        JsonNode envelope = Json.readOrNull(Files.readString(data.resolve("outbox/opensearch/object-detect/blocked/stuck.jpg.json")));
        assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        assertEquals(1, envelope.path("job").path("vendorCalls").asInt(), "the kept result, not a second call: " + envelope);
        assertTrue(Files.exists(data.resolve("done/opensearch/object-detect/blocked/stuck.jpg")));
    }

    @Test
    void a_configuration_error_exits_2_with_the_reason_with_or_without_once(@TempDir Path data) throws Exception {
        for (List<String> arguments : List.of(List.of("--once"), List.<String>of())) {
            List<String> command = GatewayJvm.command();
            command.addAll(List.of("-Dmediagate.sandbox.enabled=false", "-Dmediagate.broker.listen=",
                    "-Dcamel.management.port=" + Ports.free(), "-Dcamel.server.port=" + Ports.free(),
                    "io.mediagate.Application"));
            command.addAll(arguments);
            Result result = run(data, command, List.of());
            assertEquals(2, result.exitCode, arguments + ": " + result.output);
            assertTrue(result.output.contains("OPENSEARCH_API_KEY"), arguments + ": " + result.output);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result runOnce(Path data) throws IOException, InterruptedException {
        return run(data, GatewayJvm.command(), List.of(
                "-Dmediagate.sandbox.task-duration=500ms",
                "-Dmediagate.ingest.min-age=300ms", "-Dmediagate.ingest.poll-interval=200",
                "-Dmediagate.opensearch.poll.first-delay=300ms",
                "-Dmediagate.pai.poll.first-delay=300ms",
                "-Dmediagate.broker.listen=",
                "-Dcamel.management.port=" + Ports.free(), "-Dcamel.server.port=" + Ports.free(),
                "io.mediagate.Application", "--once"));
    }

    private static Result run(Path data, List<String> java, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(java);
        command.addAll(arguments);
        Path log = Files.createTempFile("mediagate-once", ".log");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MEDIAGATE_DATA_DIR", data.toString());
        builder.environment().remove("OPENSEARCH_API_KEY");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("--once did not finish: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
