package io.mediagate.sandbox.pai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.media.MediaTypes;
import io.mediagate.media.VideoHeader;
import io.mediagate.sandbox.LoopbackFetch;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's PAI video jobs: created by a submit, reported in the state the time since then puts them in, and
 * ended once, from the video they download.
 */
final class PaiVideoJobs {

    private record VideoJob(int id, String appId, String action, String videoUrl, ObjectNode configure, Instant created, String forced) {
    }

    private record Ending(int state, String message, String result) {
    }

    private final Duration taskDuration;
    private final Clock clock;
    private final AtomicInteger nextJobId = new AtomicInteger(1);
    private final Map<Integer, VideoJob> jobs = new ConcurrentHashMap<>();
    private final Map<Integer, Ending> endings = new ConcurrentHashMap<>();
    private final LoopbackFetch downloads = new LoopbackFetch();

    PaiVideoJobs(Duration taskDuration, Clock clock) {
        this.taskDuration = taskDuration;
        this.clock = clock;
    }

    /**
     * @param forced the status the sandbox's fault plan forces on the job (it then fails), null for none
     * @return the new job's id
     */
    int create(String appId, String action, String videoUrl, ObjectNode configure, String forced) {
        int id = nextJobId.getAndIncrement();
        jobs.put(id, new VideoJob(id, appId, action, videoUrl, configure, clock.instant(), forced));
        return id;
    }

    /** The job's record as PAI reports it now; null when there is no such job. */
    ObjectNode record(int id) {
        VideoJob job = jobs.get(id);
        return job == null ? null : record(job);
    }

    String videoUrl(int id) {
        return jobs.get(id).videoUrl();
    }

    /** A job as PAI reports it: state 0 for the first fifth of the task time, then 1, then 2 or 3 with its Result. */
    private ObjectNode record(VideoJob job) {
        Duration age = Duration.between(job.created(), clock.instant());
        ObjectNode record = Json.object();
        record.put("id", job.id());
        record.put("app_id", job.appId());
        record.put("create_time", job.created().toString());
        if (age.compareTo(taskDuration) < 0) {
            boolean running = age.compareTo(taskDuration.dividedBy(5)) >= 0;
            record.put("state", running ? 1 : 0);
            record.put("message", running ? "video downloading" : "");
            record.put("Result", "");
        } else {
            Ending ending = endings.computeIfAbsent(job.id(), id -> end(job));
            record.put("state", ending.state());
            record.put("message", ending.message());
            record.put("Result", ending.result());
            if (job.action().equals("MultiModalClassify")) {
                // PAI's SDK doc shows these three only on a finished post classification job, not on the video ones
                record.put("model_id", 0);
                record.put("request_id", "");
                record.put("type", "Video");
            }
        }
        return record;
    }

    /** Runs the video job once: downloads the video (loopback URLs) and derives the result from it. */
    private Ending end(VideoJob job) {
        if (job.forced() != null) {
            return new Ending(3, "failed by the sandbox's fault plan", "");
        }
        LoopbackFetch.Fetched fetched = job.videoUrl().isEmpty() ? new LoopbackFetch.Fetched(null, null) : downloads.fetch(job.videoUrl());
        if (fetched.error() != null) {
            return new Ending(3, "failed to download video, err=" + fetched.error(), "");
        }
        VideoHeader header = null;
        if (fetched.bytes() != null) {
            String extension = MediaTypes.extension(URI.create(job.videoUrl()).getPath());
            header = VideoHeader.read(fetched.bytes()).orElse(null);
            if (header == null && (extension.equals("mp4") || extension.equals("mov"))) {
                // PAI decodes the video it analyses: an MP4 without a playable video track (truncated, no moov) fails,
                // with the message PAI's SDK doc lists for it
                return new Ending(3, "Invalid Input - video data error - load video failed", "");
            }
        }
        return new Ending(2, "success", Json.write(PaiImageResults.video(job.action(), job.configure(), fetched.bytes(),
                header, !job.videoUrl().isEmpty())));
    }
}
