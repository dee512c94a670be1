package io.mediagate.flow;

import io.mediagate.job.Job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The work area holds every accepted input while its job lives, one folder per job:
 * <pre>
 * work/.instances/&lt;gateway&gt;.lock               held (OS file lock) by each running gateway
 * work/.incoming/&lt;gateway&gt;/&lt;uuid&gt;.&lt;flat path&gt;      claimed from the inbox, job not yet built
 * work/.request-claims/&lt;gateway&gt;/&lt;uuid&gt;.&lt;flat path&gt;   a queue request's content, job not yet built
 * work/.requests/&lt;key&gt;                          a queue request that made a job
 * work/&lt;job id&gt;/job.json                         the job as accepted
 * work/&lt;job id&gt;/input.&lt;flat path&gt;             the input file
 * work/&lt;job id&gt;/aliases/&lt;n&gt;/&lt;relative path&gt;   the same input dropped again while the job lives
 * work/&lt;job id&gt;/enqueued-&lt;accepted&gt;              made once this acceptance's first message is on the broker
 * work/&lt;job id&gt;/submitting-&lt;calls&gt;-&lt;n&gt;            n submit calls started after that many vendor calls
 * work/.delivering/&lt;job id&gt;-&lt;accepted&gt;/            a job's folder set aside while its results are delivered
 * work/.reclaim/&lt;gateway&gt;/…                       an abandoned job folder whose inputs go back to the inbox
 * </pre>
 * The flat path is the input's path below the inbox in one file name ({@link FlatNames}); one too long for that is kept
 * as folders ({@code <uuid>/<relative path>}, {@code input/<relative path>}). The markers are further names of
 * {@code job.json} ({@link WorkFiles#mark}). A job makes one folder and two files (its record, its envelope's temp).
 * Moves within one file system are atomic, so two gateways sharing the data folder never take the same
 * file, and creating the job folder is the claim that makes a job live exactly once. What a dead gateway
 * left half taken is put back by the others (see {@link LiveInstances}).
 * <p>
 * Each part has a class of its own: {@link Claims}, {@link JobFolders}, {@link RequestMemory}, {@link EnqueuedMarkers},
 * {@link SubmitMarkers}, {@link Sealing} and {@link Reclaim}. This class makes them on one folder and answers the
 * questions about the whole area (is anything still in it, what).
 */
public final class WorkArea {

    private final Path root;
    private final LiveInstances instances;
    private final JobFolders jobs;
    private final Claims claims;
    private final RequestMemory requests;
    private final EnqueuedMarkers enqueued;
    private final SubmitMarkers submits;
    private final Sealing sealing;
    private final Reclaim reclaim;

    public WorkArea(Path root, LiveInstances instances) {
        this.root = root;
        this.instances = instances;
        this.jobs = new JobFolders(root);
        this.claims = new Claims(root, instances, jobs);
        this.requests = new RequestMemory(root);
        this.enqueued = new EnqueuedMarkers(jobs);
        this.submits = new SubmitMarkers(jobs);
        this.sealing = new Sealing(root, jobs, requests);
        this.reclaim = new Reclaim(root, instances);
    }

    public Path root() {
        return root;
    }

    public LiveInstances instances() {
        return instances;
    }

    public JobFolders jobs() {
        return jobs;
    }

    public Claims claims() {
        return claims;
    }

    public RequestMemory requests() {
        return requests;
    }

    public EnqueuedMarkers enqueued() {
        return enqueued;
    }

    public SubmitMarkers submits() {
        return submits;
    }

    public Sealing sealing() {
        return sealing;
    }

    public Reclaim reclaim() {
        return reclaim;
    }

    /**
     * One line per live job, for a person: {@code vendor/operation/path (job id)}; also inputs being delivered
     * (taken out of the job folders) and jobs whose record is not written (yet).
     */
    public List<String> liveJobDescriptions() {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs.sorted()::iterator) {
                if (dir.getFileName().toString().startsWith(".") || !Files.isDirectory(dir)) {
                    continue;
                }
                Job job = JobFolders.readJob(dir);
                lines.add(job == null ? beingTakenIn(dir) : named(job, ""));
            }
            Path delivering = root.resolve(".delivering");
            if (Files.isDirectory(delivering)) {
                try (Stream<Path> sealed = Files.list(delivering)) {
                    // the job's folder, set aside with its record: named by its input like a live one (a delivery
                    // the disk refuses waits here); a folder made for a delivery without one, by its id
                    sealed.sorted().forEach(folder -> {
                        Job job = JobFolders.readJob(folder);
                        lines.add(job == null ? "job " + folder.getFileName() + " (being delivered)"
                                : named(job, ", being delivered"));
                    });
                }
            }
        } catch (IOException | UncheckedIOException e) {
            lines.add("(the work area cannot be read: " + e.getMessage() + ")");
        }
        return lines;
    }

    /** {@code vendor/operation/path (job id<state>)}: the input a user dropped, then the job. */
    private static String named(Job job, String state) {
        return DataFolders.inputPath(job) + " (job " + job.getId() + state + ")";
    }

    /**
     * A job folder without its record yet: named by its input ({@code input/<vendor>/<operation>/<path>}) once the input
     * has been moved in, so the user sees which file it is; by its id alone in the moment before.
     */
    private static String beingTakenIn(Path jobDir) {
        Path input = jobDir.resolve("input");
        String id = jobDir.getFileName().toString();
        List<Path> flat = JobFolders.flatInputs(jobDir);
        if (!flat.isEmpty()) {
            return FlatNames.relativeOfInput(flat.get(0).getFileName().toString()) + " (job " + id + ", being taken in)";
        }
        try (Stream<Path> files = Files.walk(input)) {
            Optional<Path> file = files.filter(Files::isRegularFile).findFirst();
            if (file.isPresent()) {
                return input.relativize(file.get()).toString().replace('\\', '/') + " (job " + id + ", being taken in)";
            }
        } catch (IOException | UncheckedIOException notYet) {
            // the input is not moved in yet
        }
        return "job " + id + " (being taken in)";
    }

    /** True when no job lives and nothing is being taken in. */
    public boolean isIdle() {
        try (Stream<Path> entries = Files.list(root)) {
            if (entries.anyMatch(p -> !p.getFileName().toString().startsWith("."))) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path taking : List.of(root.resolve(".incoming"), root.resolve(".reclaim"), root.resolve(".delivering"))) {
            if (Files.isDirectory(taking)) {
                try (Stream<Path> walk = Files.walk(taking)) {
                    if (walk.anyMatch(Files::isRegularFile)) {
                        return false;
                    }
                } catch (IOException | UncheckedIOException changing) {
                    return false;
                }
            }
        }
        return true;
    }
}
