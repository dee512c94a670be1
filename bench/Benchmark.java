// mediagate benchmark harness: a Java single-file source program (no build step of its own).
//
//   cd <project root> && mvn -B -q -o package -DskipTests
//   java -Xmx256m -cp "target/mediagate.jar:target/lib/*" bench/Benchmark.java <scenario> [options]
//
// or bench/run.sh <scenario> [options]. See bench/README.md for the scenarios, the figures and what they mean.
//
// The vendor sandbox runs as a separate process (its threads and heap stay out of the figures); the gateway runs
// in this JVM, built exactly as the application builds it (Application.newMain), so heap and thread figures are
// the gateway's plus this harness's small, constant share (reported as the baseline).

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagate.Application;
import io.mediagate.BackgroundMain;
import io.mediagate.flow.Progress;
import org.apache.camel.main.Main;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

public class Benchmark {

    static final String USAGE = """
            usage: java -Xmx256m -cp "target/mediagate.jar:target/lib/*" bench/Benchmark.java <scenario> [options]
            scenarios:
              sync-detect         2000 images (after 500 unmeasured warm-up images) -> opensearch/object-detect, no
                                  vendor latency, detection QPS lifted to 5000 on both sides: the gateway's own
                                  overhead (target >= 200 files/s)
              sync-detect-paced   1000 images -> opensearch/object-detect at the documented 20 QPS on both sides:
                                  the limit holds (no 429) and is used fully
              async-analyze       2000 images -> opensearch/image-analyze, 30 s vendor task, documented 10 QPS on
                                  both sides: threads flat, heap within -Xmx256m, no 429, calls per job
              mixed               200 images -> baidu/image-classify/bench (documented 2 QPS on both sides), then
                                  3 s later 50 images -> opensearch/object-detect (documented 20 QPS): does the
                                  fast vendor wait behind the slow one's backlog? (goal: the 50 done within 5 s)
            options (override the scenario's defaults):
              --files N               number of images
              --warmup N              first push N other images through the gateway, unmeasured (JIT, pools, caches);
                                      default 500 for sync-detect, 0 otherwise
              --op NAME               opensearch operation folder (object-detect, face-detect, image-analyze, image-ocr)
              --baidu-files N         first drop N other images into baidu/image-classify/bench (a Baidu backlog;
                                      default 200 for mixed, 0 otherwise) ...
              --baidu-lead D          ... this long before the opensearch files (default 3s)
              --baidu-qps Q           the Baidu model's QPS on both sides (default 2, EasyDL's documented free quota)
              --latency-ms MS         sandbox latency added to every vendor call (FaultPlan latencyMs)
              --task-duration D       how long sandbox tasks stay PENDING (e.g. 30s; -Dmediagate.sandbox.task-duration)
              --gateway-qps Q         mediagate.opensearch.rate.<quota of the op>
              --sandbox-qps Q         -Dmediagate.sandbox.opensearch.qps.<quota of the op>
              --qps Q                 both of the above
              --min-age D             mediagate.ingest.min-age (default 100ms: files are renamed in whole)
              --poll-first-delay D    mediagate.opensearch.<op>.poll.first-delay
              --poll-backoff-factor F mediagate.opensearch.<op>.poll.backoff-factor
              --poll-max-interval D   mediagate.opensearch.<op>.poll.max-interval
              --set KEY=VALUE         any other gateway override (repeatable)
              --sandbox-set KEY=VALUE any other sandbox system property (repeatable)
              --image-size WxH        size of the generated images (default 64x48)
              --timeout SECONDS       give up waiting for the outputs after this long
              --out DIR               where logs, samples.csv and summary.txt go (default bench/out/<scenario>-<time>)
              --gateway-log console   gateway log to the console instead of <out>/gateway.log
              --keep                  keep the data directory (inbox/outbox/done/...) after the run
              --external-broker       run the job broker as its own process (`mediagate.jar broker`) and point
                                      the gateway at it (mediagate.broker.url), instead of the embedded one""";

    static final ObjectMapper JSON = new ObjectMapper();
    static final long SAMPLE_MILLIS = 200;
    /** The Baidu model folder of the mixed scenario (the sandbox serves any model name). */
    static final String BAIDU_MODEL = "bench";

    /**
     * {@code files} images dropped into {@code inbox/<folder>/} at {@code atMillis} after the first drop, named
     * {@code <prefix><index>.png}; {@code seed} offsets the pixel seeds so no two batches share an image.
     */
    record Batch(String folder, String prefix, int seed, int files, long atMillis) {

        String vendor() {
            return folder.substring(0, folder.indexOf('/'));
        }
    }

    /** A batch as dropped: when its first file went in, how long the whole drop took, and the names. */
    record Dropped(Batch batch, long startMillis, long dropMillis, List<String> names) {
    }

    // ------------------------------------------------------------------------------------------ options

    static final class Options {
        String scenario;
        int files = 2000;
        int warmup = 0;
        String op = "object-detect";
        long latencyMs = 0;
        String taskDuration = "3s";
        double gatewayQps = 20;
        double sandboxQps = 20;
        String minAge = "100";
        String pollFirstDelay;
        String pollBackoffFactor;
        String pollMaxInterval;
        Map<String, String> gatewaySet = new LinkedHashMap<>();
        Map<String, String> sandboxSet = new LinkedHashMap<>();
        int width = 64;
        int height = 48;
        long timeoutSeconds = 600;
        Path out;
        boolean gatewayLogToConsole;
        boolean keep;
        boolean externalBroker;
        int baiduFiles = 0;
        String baiduLead = "3s";
        double baiduQps = 2;

        /** What is dropped where: a Baidu backlog first (if any), then the opensearch files. */
        List<Batch> batches() {
            Batch opensearch = new Batch("opensearch/" + op, "img-", 0, files, 0);
            if (baiduFiles == 0) {
                return List.of(opensearch);
            }
            long lead = io.mediagate.config.Settings.parseDuration(baiduLead).toMillis();
            return List.of(new Batch("baidu/image-classify/" + BAIDU_MODEL, "bd-", 500_000, baiduFiles, 0),
                    new Batch(opensearch.folder(), opensearch.prefix(), 0, files, lead));
        }

        int totalFiles() {
            return files + baiduFiles;
        }

        String quota() {
            return switch (op) {
                case "object-detect", "face-detect" -> "detection";
                case "image-analyze", "image-ocr" -> "image-analysis";
                default -> throw new IllegalArgumentException("the harness generates images; --op must be one of"
                        + " object-detect, face-detect, image-analyze, image-ocr (was " + op + ")");
            };
        }

        boolean async() {
            return op.startsWith("image-");
        }
    }

    static Options parse(String[] args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            throw new IllegalArgumentException("a scenario is required");
        }
        Options o = new Options();
        o.scenario = args[0];
        switch (o.scenario) {
            case "sync-detect" -> {
                o.files = 2000;
                o.warmup = 500;
                o.op = "object-detect";
                o.gatewayQps = 5000;
                o.sandboxQps = 5000;
                o.timeoutSeconds = 600;
            }
            case "sync-detect-paced", "mixed" -> {
                // mixed: the paced detection files, fewer, behind a Baidu backlog (see Options.batches)
                boolean mixed = o.scenario.equals("mixed");
                o.files = mixed ? 50 : 1000;
                o.baiduFiles = mixed ? 200 : 0;
                o.op = "object-detect";
                o.gatewayQps = 20;
                o.sandboxQps = 20;
                o.timeoutSeconds = 600;
            }
            case "async-analyze" -> {
                o.files = 2000;
                o.op = "image-analyze";
                o.taskDuration = "30s";
                o.gatewayQps = 10;
                o.sandboxQps = 10;
                o.timeoutSeconds = 1800;
            }
            default -> throw new IllegalArgumentException("unknown scenario " + o.scenario);
        }
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--files" -> o.files = Integer.parseInt(args[++i]);
                case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
                case "--op" -> o.op = args[++i];
                case "--latency-ms" -> o.latencyMs = Long.parseLong(args[++i]);
                case "--task-duration" -> o.taskDuration = args[++i];
                case "--gateway-qps" -> o.gatewayQps = Double.parseDouble(args[++i]);
                case "--sandbox-qps" -> o.sandboxQps = Double.parseDouble(args[++i]);
                case "--qps" -> o.gatewayQps = o.sandboxQps = Double.parseDouble(args[++i]);
                case "--min-age" -> o.minAge = args[++i];
                case "--poll-first-delay" -> o.pollFirstDelay = args[++i];
                case "--poll-backoff-factor" -> o.pollBackoffFactor = args[++i];
                case "--poll-max-interval" -> o.pollMaxInterval = args[++i];
                case "--set" -> keyValue(args[++i], o.gatewaySet);
                case "--sandbox-set" -> keyValue(args[++i], o.sandboxSet);
                case "--image-size" -> {
                    String[] wh = args[++i].toLowerCase(Locale.ROOT).split("x");
                    o.width = Integer.parseInt(wh[0]);
                    o.height = Integer.parseInt(wh[1]);
                }
                case "--timeout" -> o.timeoutSeconds = Long.parseLong(args[++i]);
                case "--out" -> o.out = Path.of(args[++i]);
                case "--gateway-log" -> o.gatewayLogToConsole = args[++i].equals("console");
                case "--keep" -> o.keep = true;
                case "--external-broker" -> o.externalBroker = true;
                case "--baidu-files" -> o.baiduFiles = Integer.parseInt(args[++i]);
                case "--baidu-lead" -> o.baiduLead = args[++i];
                case "--baidu-qps" -> o.baiduQps = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        o.quota();
        if (o.out == null) {
            o.out = Path.of("bench", "out", o.scenario + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return o;
    }

    static void keyValue(String text, Map<String, String> into) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected KEY=VALUE, got " + text);
        }
        into.put(text.substring(0, eq), text.substring(eq + 1));
    }

    // ------------------------------------------------------------------------------------------ samples

    /** atMillis: epoch millis while sampling, millis since the first drop in reports (negative: before it). */
    record Sample(long atMillis, long accepted, long done, long inFlight, int liveThreads, long heapUsed,
                  long heapAfterGc) {
    }

    static final class Sampler implements Runnable {
        final List<Sample> samples = new CopyOnWriteArrayList<>();
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        volatile Progress progress;
        volatile boolean running = true;
        volatile Map<String, Integer> threadsAtHalf;

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Sample sample() {
            Progress p = progress;
            long accepted = p == null ? 0 : p.accepted();
            long done = p == null ? 0 : p.succeeded() + p.failed();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long afterGc = heapPools.stream().mapToLong(pool -> pool.getCollectionUsage() == null ? 0 : pool.getCollectionUsage().getUsed()).sum();
            Sample s = new Sample(System.currentTimeMillis(), accepted, done, accepted - done,
                    threads.getThreadCount(), heap, afterGc);
            samples.add(s);
            return s;
        }
    }

    /** Live threads by name with the numbers taken out ("vendor-call #12" -> "vendor-call #N"). */
    static Map<String, Integer> threadHistogram() {
        Map<String, Integer> byName = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            byName.merge(t.getName().replaceAll("\\d+", "N"), 1, Integer::sum);
        }
        return byName;
    }

    // ------------------------------------------------------------------------------------------ sandbox

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code java -jar target/mediagate.jar broker}: the job broker as its own process, on a free loopback port. */
    static final class BrokerProcess implements AutoCloseable {
        final Process process;
        final String url;

        BrokerProcess(Path data, Path log) throws Exception {
            int port = freePort();
            url = "tcp://127.0.0.1:" + port;
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-jar", "target/mediagate.jar", "broker", "--listen", url, "--data", data.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited with " + process.exitValue() + "; see " + log);
                }
                try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                    break;
                } catch (IOException notYet) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("the broker did not listen within 60 s; see " + log);
                    }
                    Thread.sleep(100);
                }
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static final class SandboxProcess implements AutoCloseable {
        final Process process;
        final int port;

        SandboxProcess(Options o, Path log) throws Exception {
            port = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>();
            command.add(java);
            command.add("-Dmediagate.sandbox.task-duration=" + o.taskDuration);
            command.add("-Dmediagate.sandbox.opensearch.qps." + o.quota() + "=" + o.sandboxQps);
            if (o.baiduFiles > 0) {
                command.add("-Dmediagate.sandbox.baidu.qps=" + o.baiduQps);
            }
            o.sandboxSet.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("-jar", "target/mediagate.jar", "sandbox", "--port", String.valueOf(port)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("MEDIAGATE_SANDBOX_API_KEY", "sandbox-key");
            process = builder.start();
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the sandbox exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    if (http("GET", "/_sandbox/calls", null).status == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the sandbox did not answer within 60 s; see " + log);
                }
                Thread.sleep(100);
            }
        }

        record Answer(int status, String body) {
        }

        Answer http(String method, String path, String body) throws IOException {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(2000);
            c.setReadTimeout(10_000);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } finally {
                c.disconnect();
            }
        }

        JsonNode calls() throws IOException {
            return JSON.readTree(http("GET", "/_sandbox/calls", null).body);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ images

    /** A small PNG whose pixels encode its index (so every file, and so every job id, is distinct). */
    static byte[] image(int index, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(index * 7919L + 17);
        int base = random.nextInt(0xFFFFFF);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int noise = random.nextInt(32);
                img.setRGB(x, y, (base + x * 3 + y * 5 + noise) & 0xFFFFFF);
            }
        }
        img.setRGB(0, 0, index & 0xFFFFFF); // the index itself, in case two seeds ever met
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------------------------------ run

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(Path.of("target/mediagate.jar")) || !Files.isDirectory(Path.of("routes"))) {
            System.err.println("run from the project root after `mvn -B -q -o package -DskipTests`");
            System.exit(2);
        }
        Files.createDirectories(o.out);
        // the gateway logs with its shipped configuration, to a file instead of the console (same lines, same
        // levels), so the summary stays readable; must be set before anything touches log4j
        if (!o.gatewayLogToConsole) {
            System.setProperty("mediagate.log.to", "file");
            System.setProperty("mediagate.log.file", o.out.resolve("gateway.log").toString());
        }
        // the harness's own admin calls must not leave a keep-alive thread behind in the thread counts
        System.setProperty("http.keepAlive", "false");
        System.setProperty("java.awt.headless", "true");
        try {
            System.exit(new Benchmark(o).run());
        } catch (Exception | Error failed) {
            // a gateway that failed to start may leave the broker's threads behind, which would keep this JVM alive
            failed.printStackTrace();
            System.exit(1);
        }
    }

    final Options o;
    final PrintStream console = System.out;

    Benchmark(Options o) {
        this.o = o;
    }

    int run() throws Exception {
        Path temp = Files.createTempDirectory("mediagate-bench-");
        Path data = temp.resolve("data");
        Path inbox = data.resolve("inbox").resolve("opensearch").resolve(o.op);
        List<Batch> batches = o.batches();

        for (Batch batch : batches) {
            console.printf("mediagate benchmark %s: %d files -> %s at +%.1f s; out %s%n", o.scenario, batch.files(),
                    batch.folder(), batch.atMillis() / 1000.0, o.out);
        }
        console.printf("generating %d (+%d warm-up) %dx%d PNG images ...%n", o.totalFiles(), o.warmup, o.width, o.height);
        List<List<byte[]>> images = new ArrayList<>();
        long imageBytes = 0;
        for (Batch batch : batches) {
            List<byte[]> batchImages = new ArrayList<>(batch.files());
            for (int i = 0; i < batch.files(); i++) {
                batchImages.add(image(batch.seed() + i, o.width, o.height));
                imageBytes += batchImages.get(i).length;
            }
            images.add(batchImages);
        }
        List<byte[]> warmupImages = new ArrayList<>(o.warmup);
        for (int i = 0; i < o.warmup; i++) {
            warmupImages.add(image(1_000_000 + i, o.width, o.height));
        }

        try (SandboxProcess sandbox = new SandboxProcess(o, o.out.resolve("sandbox.log"));
             BrokerProcess broker = o.externalBroker ? new BrokerProcess(temp.resolve("broker"), o.out.resolve("broker.log")) : null) {
            resetSandbox(sandbox);
            console.printf("sandbox pid %d on port %d (task duration %s, %s QPS %s, latency %d ms)%n",
                    sandbox.process.pid(), sandbox.port, o.taskDuration, o.quota(), fmt(o.sandboxQps), o.latencyMs);

            Map<String, String> overrides = new LinkedHashMap<>();
            overrides.put("mediagate.data-dir", data.toString());
            overrides.put("mediagate.sandbox.enabled", "false");
            overrides.put("mediagate.opensearch.api-key", "sandbox-key");
            overrides.put("mediagate.opensearch.endpoint", "http://127.0.0.1:" + sandbox.port + "/opensearch");
            overrides.put("mediagate.ingest.min-age", o.minAge);
            overrides.put("mediagate.opensearch.rate." + o.quota(), fmt(o.gatewayQps));
            if (o.baiduFiles > 0) {
                overrides.putAll(baiduOverrides(sandbox.port));
            }
            String pollPrefix = "mediagate.opensearch." + o.op + ".poll.";
            if (o.pollFirstDelay != null) {
                overrides.put(pollPrefix + "first-delay", o.pollFirstDelay);
            }
            if (o.pollBackoffFactor != null) {
                overrides.put(pollPrefix + "backoff-factor", o.pollBackoffFactor);
            }
            if (o.pollMaxInterval != null) {
                overrides.put(pollPrefix + "max-interval", o.pollMaxInterval);
            }
            // the embedded broker needs no TCP listener here (and must not clash with a gateway on this machine)
            overrides.put("mediagate.broker.listen", "");
            if (broker != null) {
                overrides.put("mediagate.broker.url", broker.url);
                console.printf("external broker pid %d at %s%n", broker.process.pid(), broker.url);
            }
            overrides.putAll(o.gatewaySet);

            Sampler sampler = new Sampler();
            ThreadMXBean threadBean = sampler.threads;
            System.gc();
            int harnessThreads = threadBean.getThreadCount();
            Thread samplerThread = new Thread(sampler, "bench-sampler");
            samplerThread.setDaemon(true);
            samplerThread.start();

            BackgroundMain gateway = BackgroundMain.start(Application.newMain(overrides), Duration.ofSeconds(120));
            Main main = gateway.main();
            Progress progress = main.getCamelContext().getRegistry().lookupByNameAndType("progress", Progress.class);
            sampler.progress = progress;
            Thread.sleep(1000); // let the routes' consumers settle
            System.gc();
            int coldIdleThreads = threadBean.getThreadCount();
            Files.createDirectories(inbox);
            for (Batch batch : batches) {
                Files.createDirectories(data.resolve("inbox").resolve(batch.folder()));
            }
            if (o.warmup > 0) {
                long w0 = System.currentTimeMillis();
                drop(inbox, "warmup-", warmupImages);
                long target = o.warmup;
                while (progress.succeeded() + progress.failed() < target) {
                    if (System.currentTimeMillis() - w0 > TimeUnit.SECONDS.toMillis(o.timeoutSeconds)) {
                        throw new IllegalStateException("the warm-up did not finish within " + o.timeoutSeconds + " s");
                    }
                    Thread.sleep(20);
                }
                console.printf("warm-up: %d files in %.1f s (%d failed); measuring now%n", o.warmup,
                        (System.currentTimeMillis() - w0) / 1000.0, progress.failed());
                Thread.sleep(1000);
                resetSandbox(sandbox);
                System.gc();
            }
            warmupImages = null;
            final long baseAccepted = progress.accepted();
            final long baseSucceeded = progress.succeeded();
            final long baseFailed = progress.failed();
            final long baseDone = baseSucceeded + baseFailed;
            int idleThreads = threadBean.getThreadCount();
            Map<String, Integer> idleHistogram = threadHistogram();
            threadBean.resetPeakThreadCount();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long gcCountBefore = gcCount();
            long gcTimeBefore = gcTime();

            // ---- drop the measured files
            Cpu cpuBefore = Cpu.now(sandbox.process);
            Map<Long, Long> threadCpuBefore = threadCpu(threadBean);
            List<Dropped> dropped = dropBatches(data, batches, images);
            images = null;
            long t0 = dropped.get(0).startMillis();
            long dropMillis = dropped.stream().mapToLong(Dropped::dropMillis).sum();
            console.printf("dropped %d files in %d ms; waiting (timeout %d s) ...%n", o.totalFiles(), dropMillis, o.timeoutSeconds);

            // ---- wait for every job to end
            long deadline = t0 + TimeUnit.SECONDS.toMillis(o.timeoutSeconds);
            long lastReport = t0;
            boolean timedOut = false;
            while (progress.succeeded() + progress.failed() - baseDone < o.totalFiles()) {
                if (sampler.threadsAtHalf == null && progress.inFlight() >= o.totalFiles() / 2) {
                    sampler.threadsAtHalf = threadHistogram();
                }
                long now = System.currentTimeMillis();
                if (now > deadline) {
                    timedOut = true;
                    break;
                }
                if (now - lastReport >= 30_000) {
                    lastReport = now;
                    console.printf("  %4.0f s: %d accepted, %d done (%d failed), %d in flight, %d live threads, heap %.0f MB%n",
                            (now - t0) / 1000.0, progress.accepted() - baseAccepted, progress.succeeded() + progress.failed() - baseDone,
                            progress.failed() - baseFailed, progress.inFlight(), threadBean.getThreadCount(), mb(heapUsed()));
                }
                Thread.sleep(20);
            }
            long wallMillis = System.currentTimeMillis() - t0;
            Cpu cpu = Cpu.now(sandbox.process).minus(cpuBefore);
            Map<String, Double> cpuByThreads = cpuByThreadGroup(threadBean, threadCpuBefore);
            int peakThreads = threadBean.getPeakThreadCount();
            long gcCount = gcCount() - gcCountBefore;
            long gcMillis = gcTime() - gcTimeBefore;
            Thread.sleep(2 * SAMPLE_MILLIS);
            sampler.running = false;
            samplerThread.join(2000);
            int finalThreads = threadBean.getThreadCount();
            Map<String, Integer> finalHistogram = threadHistogram();
            System.gc();
            long retainedHeap = heapUsed();
            JsonNode calls = sandbox.calls();

            gateway.stop();
            // Camel's pools finish exiting just after the main thread returns: wait until the count settles
            int afterStopThreads = threadBean.getThreadCount();
            for (int i = 0; i < 50; i++) {
                Thread.sleep(100);
                int now = threadBean.getThreadCount();
                if (now == afterStopThreads && i >= 5) {
                    break;
                }
                afterStopThreads = now;
            }

            // ---- read what the gateway wrote
            Outputs outputs = Outputs.read(data, dropped);
            List<Outputs> perBatch = new ArrayList<>();
            for (Dropped d : dropped) {
                perBatch.add(Outputs.read(data, List.of(d)));
            }
            List<Sample> relative = sampler.samples.stream().map(x -> new Sample(x.atMillis() - t0, x.accepted() - baseAccepted,
                    x.done() - baseDone, x.inFlight(), x.liveThreads(), x.heapUsed(), x.heapAfterGc())).toList();
            Report report = new Report(o, relative, calls, outputs, progress.succeeded() - baseSucceeded,
                    progress.failed() - baseFailed, harnessThreads, coldIdleThreads, idleThreads,
                    peakThreads, finalThreads, afterStopThreads, wallMillis, dropMillis, retainedHeap, gcCount, gcMillis,
                    timedOut, imageBytes, idleHistogram, sampler.threadsAtHalf, finalHistogram, cpu, cpuBefore.loadAverage(), cpuByThreads,
                    dropped, perBatch);
            String text = report.text();
            console.print(text);
            Files.writeString(o.out.resolve("summary.txt"), text);
            writeSamples(relative, o.out.resolve("samples.csv"));
            console.printf("samples: %s, logs: %s%n", o.out.resolve("samples.csv"), o.out);
            if (o.keep) {
                console.println("data kept in " + data);
            } else {
                deleteTree(temp);
            }
            return report.exitCode();
        }
    }

    /** Drops each batch into its inbox folder when its time (after the first batch's drop) has come. */
    static List<Dropped> dropBatches(Path data, List<Batch> batches, List<List<byte[]>> images) throws Exception {
        List<Dropped> dropped = new ArrayList<>();
        long first = 0;
        for (int b = 0; b < batches.size(); b++) {
            Batch batch = batches.get(b);
            if (b > 0) {
                Thread.sleep(Math.max(0, first + batch.atMillis() - System.currentTimeMillis()));
            }
            Path inbox = Files.createDirectories(data.resolve("inbox").resolve(batch.folder()));
            long start = System.currentTimeMillis();
            first = b == 0 ? start : first;
            List<String> names = drop(inbox, batch.prefix(), images.get(b));
            dropped.add(new Dropped(batch, start, System.currentTimeMillis() - start, names));
        }
        return dropped;
    }

    /**
     * The gateway's Baidu client pointed at the sandbox process as if it were Baidu (keys, token endpoint and one
     * model's API URL), with the model's QPS; the standalone sandbox accepts its default keys.
     */
    Map<String, String> baiduOverrides(int sandboxPort) {
        String sandboxRoot = "http://127.0.0.1:" + sandboxPort;
        Map<String, String> baidu = new LinkedHashMap<>();
        baidu.put("mediagate.baidu.api-key", "sandbox-api-key");
        baidu.put("mediagate.baidu.secret-key", "sandbox-secret-key");
        baidu.put("mediagate.baidu.token-url", sandboxRoot + "/oauth/2.0/token");
        baidu.put("mediagate.baidu.models." + BAIDU_MODEL + ".url", sandboxRoot + "/rpc/2.0/ai_custom/v1/classification/" + BAIDU_MODEL);
        baidu.put("mediagate.baidu.rate.api", fmt(o.baiduQps));
        return baidu;
    }

    /** Writes each image to a dot-temp name, then renames it, so the gateway never sees a partial file. */
    static List<String> drop(Path inbox, String prefix, List<byte[]> images) throws IOException {
        List<String> names = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            String name = String.format("%s%05d.png", prefix, i);
            Path tmp = inbox.resolve("." + name + ".tmp");
            Files.write(tmp, images.get(i));
            Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            names.add(name);
            images.set(i, null);
        }
        return names;
    }

    /** Clears the sandbox's counts and faults, then sets the scenario's latency (if any). */
    void resetSandbox(SandboxProcess sandbox) throws IOException {
        sandbox.http("POST", "/_sandbox/reset", "");
        if (o.latencyMs > 0) {
            String plan = JSON.writeValueAsString(Map.of("vendor", "opensearch", "target", "*", "latencyMs", o.latencyMs));
            SandboxProcess.Answer a = sandbox.http("POST", "/_sandbox/faults", plan);
            if (a.status != 200) {
                throw new IllegalStateException("the sandbox refused the fault plan: " + a.body);
            }
        }
    }

    /** CPU nanos (user + system) of every live Java thread, by thread id. */
    static Map<Long, Long> threadCpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long nanos = threads.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /** CPU seconds each thread group (names without numbers) used since {@code before}. */
    static Map<String, Double> cpuByThreadGroup(ThreadMXBean threads, Map<Long, Long> before) {
        Map<String, Double> groups = new TreeMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos < 0) {
                continue;
            }
            long used = nanos - before.getOrDefault(info.getThreadId(), 0L);
            groups.merge(info.getThreadName().replaceAll("\\d+", "N"), used / 1e9, Double::sum);
        }
        return groups;
    }

    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    static long gcTime() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    static void writeSamples(List<Sample> samples, Path csv) throws IOException {
        StringBuilder b = new StringBuilder("ms,accepted,done,inFlight,liveThreads,heapUsedMB,heapAfterGcMB\n");
        for (Sample s : samples) {
            b.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%.1f,%.1f%n", s.atMillis(), s.accepted(), s.done(),
                    s.inFlight(), s.liveThreads(), mb(s.heapUsed()), mb(s.heapAfterGc())));
        }
        Files.writeString(csv, b);
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    // ------------------------------------------------------------------------------------------ cpu

    /** CPU seconds used so far: this JVM, the sandbox process, and the whole machine (busy time from /proc/stat). */
    record Cpu(double harnessSeconds, double sandboxSeconds, double machineBusySeconds, String loadAverage) {

        static Cpu now(Process sandbox) {
            double harness = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
            double sb = sandbox.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
            double machine = 0;
            String load = "n/a";
            try {
                // cpu  user nice system idle iowait irq softirq steal ... in USER_HZ (1/100 s)
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i <= 8 && i < f.length; i++) {
                    if (i != 4 && i != 5) {
                        busy += Long.parseLong(f[i]);
                    }
                }
                machine = busy / 100.0;
                String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                load = l[0] + " / " + l[1] + " / " + l[2];
            } catch (IOException | RuntimeException notLinux) {
                // figures stay 0 / n/a
            }
            return new Cpu(harness, sb, machine, load);
        }

        Cpu minus(Cpu before) {
            return new Cpu(harnessSeconds - before.harnessSeconds, sandboxSeconds - before.sandboxSeconds,
                    machineBusySeconds - before.machineBusySeconds, before.loadAverage);
        }
    }

    // ------------------------------------------------------------------------------------------ outputs

    /** lastEnvelopeMillis: when the last envelope was written (its file's modification time, epoch millis). */
    record Outputs(int envelopes, int missing, int errorRecords, List<String> errors, long[] totalMillis,
                   long vendorCalls, long polls, long retries, long[] submittedAt, int leftInWork, int doneFiles,
                   long lastEnvelopeMillis) {

        /** The envelopes of the dropped files (failed/, work/ and done/ are counted whole). */
        static Outputs read(Path data, List<Dropped> dropped) throws IOException {
            List<Long> totals = new ArrayList<>();
            List<Long> submitted = new ArrayList<>();
            long calls = 0;
            long polls = 0;
            long retries = 0;
            int missing = 0;
            long lastEnvelope = 0;
            List<Path> expected = new ArrayList<>();
            for (Dropped d : dropped) {
                Path outbox = data.resolve("outbox").resolve(d.batch().folder());
                d.names().forEach(name -> expected.add(outbox.resolve(name + ".json")));
            }
            for (Path envelope : expected) {
                if (!Files.isRegularFile(envelope)) {
                    missing++;
                    continue;
                }
                lastEnvelope = Math.max(lastEnvelope, Files.getLastModifiedTime(envelope).toMillis());
                JsonNode job = JSON.readTree(envelope.toFile()).path("job");
                JsonNode timings = job.path("timings");
                if (timings.has("totalMillis")) {
                    totals.add(timings.path("totalMillis").asLong());
                }
                if (timings.hasNonNull("submittedAt")) {
                    submitted.add(Instant.parse(timings.path("submittedAt").asText()).toEpochMilli());
                }
                calls += job.path("vendorCalls").asLong();
                polls += job.path("polls").asLong();
                retries += job.path("retries").asLong();
            }
            List<String> errors = new ArrayList<>();
            int errorRecords = 0;
            Path failed = data.resolve("failed");
            if (Files.isDirectory(failed)) {
                try (Stream<Path> files = Files.walk(failed)) {
                    for (Path p : files.filter(f -> f.toString().endsWith(".error.json")).toList()) {
                        errorRecords++;
                        if (errors.size() < 5) {
                            JsonNode r = JSON.readTree(p.toFile());
                            errors.add(r.path("file").asText() + ": " + r.path("kind").asText() + " " + r.path("code").asText()
                                    + " — " + r.path("message").asText());
                        }
                    }
                }
            }
            return new Outputs(expected.size() - missing, missing, errorRecords, errors,
                    totals.stream().mapToLong(Long::longValue).sorted().toArray(), calls, polls, retries,
                    submitted.stream().mapToLong(Long::longValue).sorted().toArray(),
                    countFiles(data.resolve("work")), countFiles(data.resolve("done")), lastEnvelope);
        }

        static int countFiles(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                return (int) files.filter(Files::isRegularFile).count();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ report

    record Report(Options o, List<Sample> samples, JsonNode calls, Outputs out, long succeeded, long failed,
                  int harnessThreads, int coldIdleThreads, int idleThreads, int peakThreads, int finalThreads, int afterStopThreads, long wallMillis,
                  long dropMillis, long retainedHeap, long gcCount, long gcMillis, boolean timedOut, long imageBytes,
                  Map<String, Integer> idleHistogram, Map<String, Integer> halfHistogram,
                  Map<String, Integer> finalHistogram, Cpu cpu, String loadAtStart, Map<String, Double> cpuByThreads,
                  List<Dropped> dropped, List<Outputs> perBatch) {

        long vendorCallsTotal() {
            long n = 0;
            for (JsonNode c : calls) {
                n += c.path("calls").asLong();
            }
            return n;
        }

        /** Calls the sandbox counted for one vendor (every operation, Baidu's token calls included). */
        long vendorCalls(String vendor) {
            long n = 0;
            for (Map.Entry<String, JsonNode> e : calls.properties()) {
                if (e.getKey().startsWith(vendor + "/")) {
                    n += e.getValue().path("calls").asLong();
                }
            }
            return n;
        }

        /** Answers "over your QPS": HTTP 429 for OpenSearch, error 18 (sent with HTTP 200, counted as an event) for Baidu. */
        long vendorThrottled(String vendor) {
            long n = calls.path(vendor + "/error:18").asLong();
            for (Map.Entry<String, JsonNode> e : calls.properties()) {
                if (e.getKey().startsWith(vendor + "/")) {
                    n += e.getValue().path("throttled").asLong();
                }
            }
            return n;
        }

        long sum(String field) {
            long n = 0;
            for (JsonNode c : calls) {
                n += c.path(field).asLong();
            }
            return n;
        }

        /** Each batch on its own clock: from its first drop to its last envelope, with its vendor's calls. */
        String perVendor() {
            StringBuilder b = new StringBuilder("\n  per vendor (clock: the batch's first drop -> its last envelope written):\n");
            b.append(String.format("    %-32s %6s %9s %13s %10s %16s %9s %10s%n", "folder", "files", "dropped", "drop -> last",
                    "files/s", "e2e p50 / p99 ms", "calls", "throttled"));
            for (int i = 0; i < dropped.size(); i++) {
                Dropped d = dropped.get(i);
                Outputs out = perBatch.get(i);
                double span = (out.lastEnvelopeMillis() - d.startMillis()) / 1000.0;
                long[] t = out.totalMillis();
                b.append(String.format(Locale.ROOT, "    %-32s %6d %8.1fs %12.1fs %10.1f %16s %9d %10d%s%n", d.batch().folder(),
                        d.names().size(), (d.startMillis() - dropped.get(0).startMillis()) / 1000.0, span,
                        out.envelopes() / span, t.length == 0 ? "n/a" : percentile(t, 50) + " / " + percentile(t, 99),
                        vendorCalls(d.batch().vendor()), vendorThrottled(d.batch().vendor()),
                        out.missing() > 0 ? "  (" + out.missing() + " envelopes missing)" : ""));
            }
            Dropped fast = dropped.get(dropped.size() - 1);
            double fastSpan = (perBatch.get(dropped.size() - 1).lastEnvelopeMillis() - fast.startMillis()) / 1000.0;
            b.append(String.format(Locale.ROOT, "  the last batch (%d files to %s): done %.1f s after its drop (issue 17's goal: <= 5 s)%n",
                    fast.names().size(), fast.batch().folder(), fastSpan));
            return b.toString();
        }

        int exitCode() {
            return timedOut || failed > 0 || out.missing() > 0 ? 1 : 0;
        }

        String text() {
            StringBuilder b = new StringBuilder();
            java.util.function.BiConsumer<String, String> row = (k, v) -> b.append(String.format("  %-44s %s%n", k, v));
            double seconds = wallMillis / 1000.0;
            long callCount = vendorCallsTotal();
            long throttled = sum("throttled");
            b.append("\n=== mediagate benchmark: ").append(o.scenario).append(" ===\n");
            row.accept("operation", "opensearch/" + o.op + (o.async() ? " (async: submit + polls)" : " (sync)")
                    + (o.baiduFiles > 0 ? ", after a backlog in baidu/image-classify/" + BAIDU_MODEL + " (sync)" : ""));
            row.accept("job engine", o.externalBroker ? "external Artemis broker (separate process, loopback TCP)"
                    : "embedded Artemis broker (in-VM)");
            row.accept("QPS limit gateway / sandbox (" + o.quota() + ")", fmt(o.gatewayQps) + " / " + fmt(o.sandboxQps));
            if (o.baiduFiles > 0) {
                row.accept("QPS limit gateway / sandbox (baidu model)", fmt(o.baiduQps) + " / " + fmt(o.baiduQps));
            }
            row.accept("vendor latency / task duration", o.latencyMs + " ms / " + (o.async() ? o.taskDuration : "n/a (sync)"));
            if (o.async()) {
                row.accept("poll first-delay / factor / max (overrides)", (o.pollFirstDelay == null ? "default" : o.pollFirstDelay)
                        + " / " + (o.pollBackoffFactor == null ? "default" : o.pollBackoffFactor)
                        + " / " + (o.pollMaxInterval == null ? "default" : o.pollMaxInterval));
            }
            if (!o.gatewaySet.isEmpty()) {
                row.accept("extra gateway overrides", o.gatewaySet.toString());
            }
            row.accept("files (images, total bytes)", o.totalFiles() + " (" + o.width + "x" + o.height + " PNG, " + imageBytes / 1024 + " KiB)"
                    + (o.warmup > 0 ? ", after " + o.warmup + " unmeasured warm-up files" : ""));
            row.accept("succeeded / failed / missing envelopes", succeeded + " / " + failed + " / " + out.missing()
                    + (timedOut ? "  ** TIMED OUT after " + o.timeoutSeconds + " s **" : ""));
            row.accept("left in work/ ; originals in done/", out.leftInWork() + " ; " + out.doneFiles());
            row.accept("drop time (write + rename all files)", dropMillis + " ms");
            row.accept("wall time (first drop -> last delivered)", String.format(Locale.ROOT, "%.1f s", seconds));
            row.accept("throughput", String.format(Locale.ROOT, "%.1f files/s", o.totalFiles() / seconds));
            row.accept("vendor calls (sandbox) / per job", String.format(Locale.ROOT, "%d / %.2f", callCount, callCount / (double) o.totalFiles()));
            row.accept("vendor calls (envelopes) / per job", String.format(Locale.ROOT, "%d / %.2f  (polls %d, retries %d)",
                    out.vendorCalls(), out.vendorCalls() / (double) Math.max(1, out.envelopes()), out.polls(), out.retries()));
            row.accept("429 throttled (sandbox)", String.valueOf(throttled));
            row.accept("5xx / other 4xx (sandbox)", sum("serverErrors") + " / " + sum("clientErrors"));
            long[] t = out.totalMillis();
            if (t.length > 0) {
                row.accept("end-to-end latency p50 / p99 / max", String.format(Locale.ROOT, "%d / %d / %d ms",
                        percentile(t, 50), percentile(t, 99), t[t.length - 1]));
            }
            long[] sub = out.submittedAt();
            if (!o.async() && sub.length > 1) {
                double span = (sub[sub.length - 1] - sub[0]) / 1000.0;
                row.accept("submit rate (first..last submittedAt)", String.format(Locale.ROOT, "%.2f calls/s over %.1f s", (sub.length - 1) / span, span));
                row.accept("max submits in any 1 s window", String.valueOf(maxInWindow(sub, 1000)));
            }
            if (o.async()) {
                double rate = Math.min(o.gatewayQps, o.sandboxQps);
                double bound = vendorCalls("opensearch") / rate;
                double minimum = 2.0 * o.files / rate;
                double taskSeconds = io.mediagate.config.Settings.parseDuration(o.taskDuration).toMillis() / 1000.0;
                row.accept("lower bound: vendor calls made / QPS", String.format(Locale.ROOT, "%.1f s  (wall = %.2f x)", bound, seconds / bound));
                row.accept("lower bound: 2 calls/job x N / QPS", String.format(Locale.ROOT, "%.1f s  (wall = %.2f x)", minimum, seconds / minimum));
                // not a strict bound: the task duration of early jobs overlaps the later jobs' submits
                row.accept("  ... + task duration (loose)", String.format(Locale.ROOT, "%.1f s  (wall = %.2f x)", minimum + taskSeconds, seconds / (minimum + taskSeconds)));
            }
            row.accept("CPU: harness JVM (gateway) / per file", String.format(Locale.ROOT, "%.1f core-s / %.2f ms",
                    cpu.harnessSeconds(), 1000 * cpu.harnessSeconds() / o.totalFiles()));
            row.accept("CPU: sandbox process / per file", String.format(Locale.ROOT, "%.1f core-s / %.2f ms",
                    cpu.sandboxSeconds(), 1000 * cpu.sandboxSeconds() / o.totalFiles()));
            double others = Math.max(0, cpu.machineBusySeconds() - cpu.harnessSeconds() - cpu.sandboxSeconds());
            row.accept("CPU: other processes on the machine", String.format(Locale.ROOT, "%.1f core-s (%.0f%% of %d cores over the run)%s",
                    others, 100 * others / (seconds * Runtime.getRuntime().availableProcessors()), Runtime.getRuntime().availableProcessors(),
                    others > 0.1 * seconds * Runtime.getRuntime().availableProcessors() ? "  ** machine was not quiet: figures are pessimistic **" : ""));
            row.accept("load average at start (1/5/15 min)", loadAtStart);
            b.append("  CPU of the harness JVM by thread (core-s during the run; % = share of one core over the wall time):\n");
            double javaThreads = 0;
            for (Map.Entry<String, Double> e : cpuByThreads.entrySet()) {
                javaThreads += e.getValue();
                if (e.getValue() >= 0.05) {
                    b.append(String.format(Locale.ROOT, "    %-58s %6.1f %5.0f%%%n", e.getKey().length() > 58 ? e.getKey().substring(0, 58) : e.getKey(),
                            e.getValue(), 100 * e.getValue() / seconds));
                }
            }
            double jvm = Math.max(0, cpu.harnessSeconds() - javaThreads);
            b.append(String.format(Locale.ROOT, "    %-58s %6.1f %5.0f%%%n", "(JVM: JIT compiler, GC, other VM threads)", jvm, 100 * jvm / seconds));
            long peakHeap = samples.stream().mapToLong(Sample::heapUsed).max().orElse(0);
            long peakAfterGc = samples.stream().mapToLong(Sample::heapAfterGc).max().orElse(0);
            row.accept("max heap (-Xmx)", String.format(Locale.ROOT, "%.0f MB", mb(Runtime.getRuntime().maxMemory())));
            row.accept("peak heap used (sampled every 200 ms)", String.format(Locale.ROOT, "%.1f MB", mb(peakHeap)));
            row.accept("peak heap after a GC (live data)", String.format(Locale.ROOT, "%.1f MB", mb(peakAfterGc)));
            row.accept("heap retained at end (after System.gc)", String.format(Locale.ROOT, "%.1f MB", mb(retainedHeap)));
            row.accept("GCs during run / GC time", String.format(Locale.ROOT, "%d / %d ms (%.1f%% of wall)", gcCount, gcMillis, 100.0 * gcMillis / wallMillis));
            row.accept("live threads: harness alone", String.valueOf(harnessThreads));
            if (o.warmup > 0) {
                row.accept("live threads: gateway idle, before warm-up", String.valueOf(coldIdleThreads));
            }
            row.accept("live threads: gateway idle (before drop)", String.valueOf(idleThreads));
            row.accept("live threads: peak during run (JVM peak)", String.valueOf(peakThreads));
            row.accept("live threads: final (jobs done, still up)", String.valueOf(finalThreads));
            row.accept("live threads: after gateway stop", String.valueOf(afterStopThreads));

            if (dropped.size() > 1) {
                b.append(perVendor());
            }
            b.append("\n  threads vs jobs in flight (first sample at or above each level; max threads while at or above it):\n");
            long maxInFlight = samples.stream().mapToLong(Sample::inFlight).max().orElse(0);
            b.append(String.format("    %-22s %8s %10s %14s %12s%n", "in flight >=", "at s", "threads", "max threads", "heap MB"));
            for (int pct : new int[]{0, 10, 25, 50, 75, 90, 100}) {
                long level = Math.max(pct == 0 ? 0 : 1, (long) Math.ceil(o.totalFiles() * pct / 100.0));
                String label = String.format("%d%% (%d)", pct, level);
                Sample first = samples.stream().filter(s -> s.atMillis() >= 0 && s.inFlight() >= level).findFirst().orElse(null);
                if (first == null) {
                    b.append(String.format("    %-22s %8s%n", label, "not reached (max in flight " + maxInFlight + ")"));
                    continue;
                }
                int maxAt = samples.stream().filter(s -> s.atMillis() >= 0 && s.inFlight() >= level).mapToInt(Sample::liveThreads).max().orElse(0);
                b.append(String.format(Locale.ROOT, "    %-22s %8.1f %10d %14d %12.1f%n", label, first.atMillis() / 1000.0,
                        first.liveThreads(), maxAt, mb(first.heapUsed())));
            }
            b.append("\n  timeline (every ~5% of the run):\n");
            b.append(String.format("    %8s %9s %7s %10s %8s %9s %12s%n", "s", "accepted", "done", "in flight", "threads", "heap MB", "afterGC MB"));
            List<Sample> run = samples.stream().filter(s -> s.atMillis() >= 0).toList();
            long step = Math.max(1, wallMillis / 20);
            long next = 0;
            for (Sample s : run) {
                if (s.atMillis() >= next || s == run.get(run.size() - 1)) {
                    b.append(String.format(Locale.ROOT, "    %8.1f %9d %7d %10d %8d %9.1f %12.1f%n", s.atMillis() / 1000.0,
                            s.accepted(), s.done(), s.inFlight(), s.liveThreads(), mb(s.heapUsed()), mb(s.heapAfterGc())));
                    next = s.atMillis() + step;
                }
            }
            b.append("\n  gateway JVM threads by name (idle before drop -> at 50% in flight -> final):\n");
            java.util.Set<String> names = new java.util.TreeSet<>(idleHistogram.keySet());
            names.addAll(finalHistogram.keySet());
            if (halfHistogram != null) {
                names.addAll(halfHistogram.keySet());
            }
            for (String n : names) {
                b.append(String.format("    %-60s %4d -> %4s -> %4d%n", n.length() > 60 ? n.substring(0, 60) : n,
                        idleHistogram.getOrDefault(n, 0), halfHistogram == null ? "n/a" : String.valueOf(halfHistogram.getOrDefault(n, 0)),
                        finalHistogram.getOrDefault(n, 0)));
            }
            b.append("\n  sandbox /_sandbox/calls: ").append(calls).append('\n');
            if (!out.errors().isEmpty()) {
                b.append("  failures (first ").append(out.errors().size()).append(" of ").append(out.errorRecords()).append("):\n");
                out.errors().forEach(e -> b.append("    ").append(e).append('\n'));
            }
            b.append("  exit code: ").append(exitCode()).append(exitCode() == 0 ? " (every job succeeded)\n" : " (failed, missing or timed-out jobs)\n");
            return b.toString();
        }
    }

    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static int maxInWindow(long[] sorted, long windowMillis) {
        int best = 0;
        int start = 0;
        for (int end = 0; end < sorted.length; end++) {
            while (sorted[end] - sorted[start] >= windowMillis) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }
}
