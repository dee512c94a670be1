package io.mediagate.broker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Far-off jobs wait in a queue per stage, operation and due-time window: minutes for the next hour, hours beyond. */
class WaitBucketsTest {

    private static final long NOW = Instant.parse("2026-11-28T12:00:30Z").toEpochMilli();

    @Test
    void a_job_due_within_the_hour_waits_in_the_minute_of_its_due_time() {
        WaitBuckets.Bucket bucket = WaitBuckets.of("poll", "opensearch", "image-analyze", Instant.parse("2026-11-28T12:05:42Z").toEpochMilli(), NOW);

        assertEquals("mediagate.wait.poll.opensearch.image-analyze.20261128-1205.1m", bucket.name());
        assertEquals(Instant.parse("2026-11-28T12:05:00Z").toEpochMilli(), bucket.startMillis());
        assertEquals(Duration.ofMinutes(1).toMillis(), bucket.widthMillis());
    }

    @Test
    void a_job_due_later_waits_in_the_hour_of_its_due_time() {
        WaitBuckets.Bucket bucket = WaitBuckets.of("submit", "baidu", "image-classify", Instant.parse("2026-11-28T15:05:42Z").toEpochMilli(), NOW);

        assertEquals("mediagate.wait.submit.baidu.image-classify.20261128-1500.1h", bucket.name());
        assertEquals(Instant.parse("2026-11-28T16:00:00Z").toEpochMilli(), bucket.endMillis());
    }

    @Test
    void a_bucket_is_read_back_from_its_name_and_other_queues_are_not_buckets() {
        WaitBuckets.Bucket bucket = WaitBuckets.of("poll", "opensearch", "video-summarize", NOW + 600_000, NOW);

        assertEquals(bucket, WaitBuckets.parse(bucket.name()).orElseThrow());
        assertTrue(WaitBuckets.parse("mediagate.poll").isEmpty());
        assertTrue(WaitBuckets.parse("mediagate.wait.poll.opensearch.image-analyze.garbage.1m").isEmpty());
        assertTrue(WaitBuckets.parse("mediagate.wait").isEmpty());
    }

    @Test
    void jobs_held_by_their_schedules_wait_in_their_operations_held_bucket() {
        WaitBuckets.Bucket held = WaitBuckets.held("submit", "baidu", "image-classify");
        assertEquals("mediagate.wait.submit.baidu.image-classify.held", held.name());
        WaitBuckets.Bucket read = WaitBuckets.parse(held.name()).orElseThrow();
        assertTrue(read.held());
        assertEquals("image-classify", read.operation());
        assertTrue(!WaitBuckets.of("submit", "baidu", "image-classify", 120_000, 0).held(), "a due-time bucket is not held");
    }
}
