// Jobs in flight on the embedded broker: what N waiting polls cost in heap and threads, how long `status` takes to
// list them, and how long a restart takes to hand over the first overdue one. A Java single-file source program:
//
//   cd <project root> && mvn -B -q -o package -DskipTests
//   bench/run-inflight.sh [--jobs N] [--overdue K] [--set key=value]...      (java -Xmx512m, override with BENCH_XMX)
//
// Phase 1 (this JVM): the broker is built as the gateway builds it (JobBrokerWiring.embeddedBroker from the shipped
// config/application.properties, -Dkey=value and --set overrides on top), N persistent job messages (~1.8 KB JSON,
// the gateway's headers) are sent to mediagate.poll scheduled 10 minutes ahead, then K more due in 2 s; heap after a
// full GC, live threads and the time `status` takes to list the queues are printed; the broker is stopped.
// Phase 2 (a new JVM with the same options, like a restarted gateway): the broker starts on the same journal, a
// consumer like the poll stage's (no prefetch, transacted) takes the K overdue jobs; printed: start-up time, time to
// the first and to the last overdue job, heap after GC with everything reloaded, threads.
// Only the broker runs here (no Camel, no routes): the gateway adds its own ~25-40 MB of live heap (bench/README).
// --parked: the jobs wait as the gateway now parks them (LongWaits, the hand-off's park-far-off step): the N jobs due
// in 10 minutes, beyond mediagate.poll.park-after, go as plain messages to the wait bucket of their due minute; the K
// overdue ones are in their bucket too (parked long before, fallen due while the gateway was down). Phase 2 then runs
// the release as routes/wait.camel.yaml does (WaitRelease every second) beside the poll-stage consumer.

import io.mediagate.broker.EmbeddedBroker;
import io.mediagate.broker.JobBrokerWiring;
import io.mediagate.config.Settings;
import io.mediagate.broker.WaitBuckets;
import io.mediagate.flow.StageMessages;
import io.mediagate.status.BrokerStatus;
import io.mediagate.status.QueuedJob;
import io.mediagate.waiting.LongWaits;
import io.mediagate.waiting.WaitRelease;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

public class InFlight {

    static final String USAGE = """
            usage: java -Xmx512m -cp "target/mediagate.jar:target/lib/*" bench/InFlight.java [options]
              --jobs N          jobs waiting for a poll 10 minutes ahead (default 10000)
              --overdue K       jobs due 2 s after the fill, overdue at the restart (default 100)
              --batch B         messages per broker transaction while filling (default 500)
              --data DIR        broker data folder (default: a new temp folder, deleted at the end unless --keep)
              --set KEY=VALUE   a gateway setting for the broker (repeatable), e.g. --set mediagate.broker.max-size=64MB
              --body text|bytes the job as a TextMessage (as the gateway sends it, default) or UTF-8 bytes
              --page-at BYTES   experiment: address max-size-bytes on every address, so mediagate.poll pages early
              --min-large BYTES experiment: the client's min-large-message-size (Artemis: 100 KiB)
              --parked          the jobs wait as the gateway parks them: in wait buckets (mediagate.wait.*), released by WaitRelease
              --unscheduled     experiment: the N jobs as plain messages (no due time), as a paged bucket would hold them
              --no-status       skip the `status` listing
              --histogram       print the biggest classes on the heap after the fill and after the restart (jcmd)
              --keep            keep the data folder
            """;
    static final String QUEUE = "mediagate.poll";

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options == null) {
            System.out.print(USAGE);
            System.exit(2);
        }
        if (options.phase.equals("restart")) {
            restart(options);
            return;
        }
        Path data = options.data != null ? options.data : Files.createTempDirectory("mediagate-inflight-");
        options.data = data;
        System.out.printf(Locale.ROOT, "machine: %d cores (shared with other work), java %s, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), jvmArguments());
        try {
            fill(options);
            Process child = restartProcess(options);
            child.getInputStream().transferTo(System.out);
            int code = child.waitFor();
            if (code != 0) {
                System.exit(code);
            }
        } finally {
            System.out.printf(Locale.ROOT, "broker data: %s%n", describeDisk(data));
            if (!options.keep) {
                deleteTree(data);
            }
        }
    }

    static void fill(Options options) throws Exception {
        long heapBefore = heapAfterGc();
        int threadsBefore = threads();
        EmbeddedBroker broker = start(options);
        int threadsStarted = threads();
        System.out.printf(Locale.ROOT, "fill: %d jobs due in 10 min + %d due in 2 s on %s, %d per transaction%n",
                options.jobs, options.overdue, options.parked ? "their wait buckets (--parked)" : QUEUE, options.batch);
        long started = System.nanoTime();
        long bytes = 0;
        int sent = 0;
        try (Connection connection = factory(options).createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(null);
            Queue pollQueue = session.createQueue(QUEUE);
            LongWaits parking = new LongWaits(java.time.Clock.systemUTC(), settings(options).duration("mediagate.poll.park-after"));
            DefaultCamelContext camel = new DefaultCamelContext();
            java.util.Map<String, Queue> buckets = new java.util.HashMap<>();
            Random random = new Random(17);
            long tenMinutes = System.currentTimeMillis() + 600_000;
            try {
                for (; sent < options.jobs + options.overdue; sent++) {
                    boolean overdue = sent >= options.jobs;
                    // due times spread over a minute, as jobs accepted over time would be
                    long dueAt = overdue ? System.currentTimeMillis() + 2_000 : tenMinutes + random.nextInt(60_000);
                    String json = jobJson(sent, dueAt, random);
                    bytes += json.length();
                    if (options.parked) {
                        // where the hand-off puts it; an overdue one was parked long before it fell due
                        String bucket = overdue ? WaitBuckets.of("poll", "opensearch", "image-analyze", dueAt, dueAt - 600_000).name() : bucketOf(parking, camel, dueAt);
                        producer.send(buckets.computeIfAbsent(bucket, name -> {
                            try {
                                return session.createQueue(name);
                            } catch (jakarta.jms.JMSException e) {
                                throw new IllegalStateException(e);
                            }
                        }), jobMessage(session, sent, dueAt, json, options.bytes, false));
                    } else {
                        producer.send(pollQueue, jobMessage(session, sent, dueAt, json, options.bytes, overdue || !options.unscheduled));
                    }
                    if ((sent + 1) % options.batch == 0) {
                        session.commit();
                    }
                    if ((sent + 1) % 10_000 == 0) {
                        System.out.printf(Locale.ROOT, "  %,d sent, %.1f s, heap used %s%n", sent + 1,
                                seconds(started), mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
                    }
                }
                session.commit();
            } catch (OutOfMemoryError e) {
                System.out.printf(Locale.ROOT, "fill: OUT OF MEMORY after %,d messages (%.1f s)%n", sent, seconds(started));
                System.exit(3);
            }
        }
        double fillSeconds = seconds(started);
        System.out.printf(Locale.ROOT, "fill: %,d messages, average body %d bytes, %.1f s (%.0f msg/s)%n", sent,
                bytes / Math.max(1, sent), fillSeconds, sent / fillSeconds);
        System.out.printf(Locale.ROOT, "fill: heap after GC %s (before the broker %s: %s for the broker and its"
                        + " messages, %s per waiting job)%n", mb(heapAfterGc()), mb(heapBefore), mb(heapAfterGc() - heapBefore),
                kb((heapAfterGc() - heapBefore) / Math.max(1, sent)));
        System.out.printf(Locale.ROOT, "fill: threads %d before the broker, %d started, %d with %,d waiting%n",
                threadsBefore, threadsStarted, threads(), sent);
        System.out.printf(Locale.ROOT, "fill: threads by name %s%n", threadGroups());
        System.out.printf(Locale.ROOT, "fill: broker data %s%n", describeDisk(options.data));
        if (options.histogram) {
            histogram("fill");
        }
        if (options.status) {
            timeStatus("fill");
        }
        long stopping = System.nanoTime();
        broker.close();
        System.out.printf(Locale.ROOT, "fill: broker stopped in %.1f s%n", seconds(stopping));
    }

    static void restart(Options options) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long started = System.nanoTime();
        EmbeddedBroker broker = start(options);
        double startSeconds = seconds(started);
        ActiveMQConnectionFactory factory = factory(options); // as the gateway's stage consumers: no prefetch
        double first = -1;
        int received = 0;
        Thread release = null;
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            if (options.parked) {
                release = startRelease(options);
            }
            while (received < options.overdue) {
                Message message = consumer.receive(60_000);
                if (message == null) {
                    break;
                }
                if (first < 0) {
                    first = seconds(started);
                }
                received++;
                session.commit();
            }
        }
        double all = seconds(started);
        System.out.printf(Locale.ROOT, "restart: JVM up %.1f s before the broker's start%n",
                (System.currentTimeMillis() - jvmStart) / 1000.0 - all);
        System.out.printf(Locale.ROOT, "restart: broker started in %.1f s; first overdue job received %.1f s after the"
                + " start; %d of %d overdue jobs in %.1f s%n", startSeconds, first, received, options.overdue, all);
        System.out.printf(Locale.ROOT, "restart: heap after GC %s, threads %d%n", mb(heapAfterGc()), threads());
        if (options.histogram) {
            histogram("restart");
        }
        if (options.status) {
            timeStatus("restart");
        }
        if (release != null) {
            release.interrupt();
            release.join(10_000);
        }
        broker.close();
        if (received < options.overdue) {
            System.exit(1);
        }
    }

    /** The bucket the hand-off's park-far-off step (LongWaits) names for a poll job due at {@code dueAt}. */
    static String bucketOf(LongWaits parking, DefaultCamelContext camel, long dueAt) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(StageMessages.NEXT_STAGE, "poll");
        exchange.getMessage().setHeader(StageMessages.VENDOR_HEADER, "opensearch");
        exchange.getMessage().setHeader(StageMessages.OPERATION_HEADER, "image-analyze");
        exchange.getMessage().setHeader(StageMessages.DUE_AT_HEADER, dueAt);
        parking.parkIfFar(exchange);
        String bucket = exchange.getProperty(LongWaits.BUCKET, String.class);
        if (bucket == null) {
            throw new IllegalStateException("a job due in 10 minutes is not parked: mediagate.poll.park-after is above 10 minutes");
        }
        return bucket;
    }

    /** The release as routes/wait.camel.yaml runs it: every second, the due buckets, oldest first. */
    static Thread startRelease(Options options) {
        Settings settings = settings(options);
        WaitRelease release = new WaitRelease(factory(options), WaitRelease.stageQueues(settings), java.time.Clock.systemUTC(),
                settings.duration("mediagate.poll.park-after"), settings.integer("mediagate.poll.max-scheduled"));
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    for (String bucket : release.dueBuckets()) {
                        release.release(bucket);
                        release.removeIfEnded(bucket);
                    }
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    System.out.println("release: " + e);
                    e.printStackTrace(System.out);
                }
            }
            release.close();
        }, "wait-release");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Like the gateway's poll-stage message: the job as JSON, its id, vendor, operation and due time as headers. */
    static Message jobMessage(Session session, int index, long dueAt, String json, boolean bytes, boolean scheduled)
            throws Exception {
        Message message;
        if (bytes) {
            jakarta.jms.BytesMessage body = session.createBytesMessage();
            body.writeBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            message = body;
        } else {
            message = session.createTextMessage(json);
        }
        message.setStringProperty("MediagateJobId", jobId(index));
        message.setStringProperty("MediagateVendor", "opensearch");
        message.setStringProperty("MediagateOperation", "image-analyze");
        message.setLongProperty("MediagateDueAt", dueAt);
        if (scheduled) {
            message.setLongProperty("_AMQ_SCHED_DELIVERY", dueAt);
        }
        return message;
    }

    static String jobId(int index) {
        return String.format(Locale.ROOT, "%016x%016x", 0x5ca1eL * 31 + index, (long) index * 0x9E3779B97F4A7C15L);
    }

    /** A job waiting for its next poll, as the gateway writes it (Job as JSON), ~1.8 KB. */
    static String jobJson(int index, long dueAt, Random random) {
        long accepted = dueAt - 600_000 - random.nextInt(60_000);
        String id = jobId(index);
        return String.format(Locale.ROOT, """
                {"id":"%s","vendor":"opensearch","operation":"image-analyze","relativePath":"campaign-%d/shelf/photo-%06d.jpg",\
                "source":{"kind":"file","path":"/srv/mediagate/data/work/claimed/%s/photo-%06d.jpg","size":%d,\
                "sha256":"%064x","contentType":"image/jpeg","width":4032,"height":3024,"durationMillis":null,\
                "modifiedAt":%d,"inboxPath":"inbox/opensearch/image-analyze/campaign-%d/shelf/photo-%06d.jpg"},\
                "params":{"service_id":"ops-image-analyze-vlm-001","prompt":"Describe the products on the shelf, their\
                 brands, prices on the labels and any empty facings; answer as JSON with one entry per product.",\
                "max_tokens":1024,"temperature":0.2,"language":"en","categories":["retail","shelf","price-label",\
                "brand","empty-facing"],"callback":null},"stage":"poll","status":"running","acceptedAt":%d,\
                "submittedAt":%d,"finishedAt":null,"deadlineAt":%d,"dueAt":%d,"pollIntervalMillis":30000,\
                "pollTiming":{"firstDelayMillis":30000,"backoffFactor":1.5,"maxIntervalMillis":300000,\
                "expectedMillis":%d,"learnedFrom":"opensearch/image-analyze/large","samples":412},"attempt":1,\
                "credentialTag":"opensearch:key-1","credentialRenewed":false,"taskId":"task-%s-%08x",\
                "requestIds":["%08x-4e1f-4c3a-9b7d-%012x","%08x-77aa-4b02-8e55-%012x"],"vendorCalls":2,"polls":1,\
                "retries":0,"sandbox":false,"envelope":{"client":"shelf-audit","batch":"2026-11-28T09","tags":\
                ["store-%04d","aisle-%02d","planogram-v7"],"note":"nightly shelf audit, photos from the store's\
                 handheld scanners, uploaded by the store sync job"}}""",
                id, index % 97, index, id, index, 800_000 + random.nextInt(3_000_000), random.nextLong() & Long.MAX_VALUE,
                accepted - 5_000, index % 97, index, accepted, accepted + 800, accepted + 86_400_000, dueAt,
                600_000 + random.nextInt(60_000), id.substring(0, 12), random.nextInt(), random.nextInt(),
                random.nextLong() & 0xffffffffffffL, random.nextInt(), random.nextLong() & 0xffffffffffffL,
                index % 1000, index % 40);
    }

    /** What the `status` command reads: every job message on the stage queues (BrokerStatus, in-VM here). */
    static void timeStatus(String phase) {
        long started = System.nanoTime();
        try (BrokerStatus status = new BrokerStatus(EmbeddedBroker.IN_VM_URL)) {
            List<QueuedJob> lines = status.queuedJobs();
            long jobs = lines.stream().mapToLong(QueuedJob::count).sum();
            System.out.printf(Locale.ROOT, "%s: status counted %,d jobs (%,d lines read) in %.1f s%n", phase, jobs, lines.size(),
                    seconds(started));
        } catch (Throwable e) {
            System.out.printf(Locale.ROOT, "%s: status FAILED after %.1f s: %s%n", phase, seconds(started), e);
        }
    }

    static EmbeddedBroker start(Options options) throws Exception {
        EmbeddedBroker broker = JobBrokerWiring.embeddedBroker(settings(options));
        if (options.pageAt != null) {
            broker.configuration().getAddressSettings().values().forEach(a -> a.setMaxSizeBytes(options.pageAt)
                    .setPageSizeBytes((int) Math.min(options.pageAt, 10L << 20)));
        }
        return broker.start();
    }

    static ActiveMQConnectionFactory factory(Options options) {
        ActiveMQConnectionFactory factory = JobBrokerWiring.connectionFactory(settings(options));
        if (options.minLarge != null) {
            factory.setMinLargeMessageSize(options.minLarge);
        }
        return factory;
    }

    static Settings settings(Options options) {
        System.setProperty("mediagate.broker.data-dir", options.data.resolve("broker").toString());
        options.overrides.forEach(System::setProperty);
        return Settings.fromSystemAndFile(Path.of("config/application.properties"));
    }

    static Process restartProcess(Options options) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("bench/InFlight.java");
        command.addAll(List.of("--phase", "restart", "--data", options.data.toString(),
                "--overdue", String.valueOf(options.overdue)));
        options.overrides.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        if (!options.status) {
            command.add("--no-status");
        }
        if (options.bytes) {
            command.addAll(List.of("--body", "bytes"));
        }
        if (options.pageAt != null) {
            command.addAll(List.of("--page-at", String.valueOf(options.pageAt)));
        }
        if (options.minLarge != null) {
            command.addAll(List.of("--min-large", String.valueOf(options.minLarge)));
        }
        if (options.histogram) {
            command.add("--histogram");
        }
        if (options.parked) {
            command.add("--parked");
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static List<String> jvmArguments() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") || a.startsWith("-D") && !a.startsWith("-Dmediagate.broker.data-dir")
                        && !a.startsWith("-Djdk.internal")).toList();
    }

    static void histogram(String phase) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram").redirectErrorStream(true).start();
        List<String> lines = new String(jcmd.getInputStream().readAllBytes()).lines().toList();
        jcmd.waitFor();
        System.out.println(phase + ": biggest classes on the heap (instances, bytes, class)");
        lines.stream().skip(1).limit(18).forEach(line -> System.out.println("  " + line.strip()));
        lines.stream().filter(l -> l.startsWith("Total")).forEach(line -> System.out.println("  " + line.strip()));
    }

    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Live threads by name, numbers dropped: which pools they belong to. */
    static String threadGroups() {
        java.util.Map<String, Long> groups = new java.util.TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(t -> groups.merge(t.getName().replaceAll("\\d+", "#"), 1L, Long::sum));
        return groups.toString();
    }

    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    static String kb(long bytes) {
        return String.format(Locale.ROOT, "%.2f KB", bytes / 1024.0);
    }

    static String describeDisk(Path data) {
        return String.format(Locale.ROOT, "journal %s, paging %s", mb(size(data.resolve("broker/journal"))),
                mb(size(data.resolve("broker/paging"))));
    }

    static long size(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static final class Options {
        String phase = "fill";
        int jobs = 10_000;
        int overdue = 100;
        int batch = 500;
        Path data;
        boolean status = true;
        boolean histogram;
        boolean keep;
        boolean bytes;
        boolean unscheduled;
        boolean parked;
        Long pageAt;
        Integer minLarge;
        java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();

        static Options parse(String[] args) {
            Options o = new Options();
            try {
                for (int i = 0; i < args.length; i++) {
                    switch (args[i]) {
                        case "--phase" -> o.phase = args[++i];
                        case "--jobs" -> o.jobs = Integer.parseInt(args[++i]);
                        case "--overdue" -> o.overdue = Integer.parseInt(args[++i]);
                        case "--batch" -> o.batch = Integer.parseInt(args[++i]);
                        case "--data" -> o.data = Path.of(args[++i]);
                        case "--set" -> {
                            String[] kv = args[++i].split("=", 2);
                            o.overrides.put(kv[0], kv[1]);
                        }
                        case "--no-status" -> o.status = false;
                        case "--body" -> o.bytes = args[++i].equals("bytes");
                        case "--unscheduled" -> o.unscheduled = true;
                        case "--parked" -> o.parked = true;
                        case "--page-at" -> o.pageAt = Long.parseLong(args[++i]);
                        case "--min-large" -> o.minLarge = Integer.parseInt(args[++i]);
                        case "--histogram" -> o.histogram = true;
                        case "--keep" -> o.keep = true;
                        default -> {
                            return null;
                        }
                    }
                }
            } catch (RuntimeException e) {
                return null;
            }
            return o;
        }
    }
}
