package io.mediagate.media;

import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sizes, frame rates and durations metadata-extractor reads are the ones the files were written with. */
class VideoHeaderTest {

    @Test
    void reads_the_picture_size_frame_rate_and_duration_written_in_the_headers() {
        VideoHeader portrait = VideoHeader.read(TestMedia.mp4Video(720, 1280, 30, 439)).orElseThrow();
        assertEquals(720, portrait.width());
        assertEquals(1280, portrait.height());
        assertEquals(30.0, portrait.framesPerSecond(), 0.001);
        assertEquals(439 / 30.0, portrait.durationSeconds(), 0.001);

        VideoHeader small = VideoHeader.read(TestMedia.mp4Video(320, 568, 25, 455)).orElseThrow();
        assertEquals(320, small.width());
        assertEquals(568, small.height());
        assertEquals(25.0, small.framesPerSecond(), 0.001);
        assertEquals(18.2, small.durationSeconds(), 0.001);
    }

    @Test
    void the_default_test_video_is_320_by_240_at_25_fps_for_its_movie_duration() {
        VideoHeader header = VideoHeader.read(TestMedia.mp4(0, 600, 7_500)).orElseThrow();
        assertEquals(320, header.width());
        assertEquals(240, header.height());
        assertEquals(25.0, header.framesPerSecond(), 0.001);
        assertEquals(12.5, header.durationSeconds(), 0.001);
    }

    @Test
    void no_video_track_or_no_movie_header_is_nothing_to_play() {
        assertTrue(VideoHeader.read(TestMedia.mp4WithoutTracks(1000, 3000)).isEmpty());
        assertTrue(VideoHeader.read(Arrays.copyOf(TestMedia.mp4(0, 1000, 9000), 132)).isEmpty(), "truncated before moov");
        assertTrue(VideoHeader.read("not a video".getBytes()).isEmpty());
    }
}
