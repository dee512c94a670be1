package io.mediagate.media;

import io.mediagate.media.MediaProbe.UnreadableMediaException;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaProbeTest {

    @TempDir
    Path dir;

    @Test
    void png_reports_its_real_width_and_height() throws Exception {
        Path file = TestMedia.writeImage(dir, "cat.png", "png", 37, 23);

        MediaFacts facts = MediaProbe.probe(file, "png");

        assertEquals("image", facts.kind());
        assertEquals("png", facts.format());
        assertEquals(37, facts.width());
        assertEquals(23, facts.height());
        assertNull(facts.durationSeconds());
    }

    @Test
    void jpeg_reports_its_real_width_and_height() throws Exception {
        Path file = TestMedia.writeImage(dir, "photo.jpeg", "jpg", 120, 80);

        MediaFacts facts = MediaProbe.probe(file, "jpeg");

        assertEquals("jpeg", facts.format());
        assertEquals(120, facts.width());
        assertEquals(80, facts.height());
    }

    @Test
    void format_is_the_detected_one_not_the_one_the_name_claims() throws Exception {
        Path file = TestMedia.writeImage(dir, "really-a-png.jpg", "png", 10, 12);

        MediaFacts facts = MediaProbe.probe(file, "jpg");

        assertEquals("png", facts.format());
        assertEquals(10, facts.width());
        assertEquals(12, facts.height());
    }

    @Test
    void jpeg_truncated_in_its_image_data_is_rejected() {
        byte[] jpeg = TestMedia.image("jpg", 200, 150);
        Path file = TestMedia.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length * 2 / 3));

        UnreadableMediaException e = assertThrows(UnreadableMediaException.class, () -> MediaProbe.probe(file, "jpg"));
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
    }

    @Test
    void jpeg_with_a_destroyed_header_is_rejected() {
        byte[] jpeg = TestMedia.image("jpg", 64, 64);
        // keep the SOI marker, overwrite the segments after it (JFIF, tables, frame header) with garbage
        for (int i = 2; i < 300; i++) {
            jpeg[i] = (byte) 0x5A;
        }
        Path file = TestMedia.write(dir.resolve("broken.jpg"), jpeg);

        assertThrows(UnreadableMediaException.class, () -> MediaProbe.probe(file, "jpg"));
    }

    @Test
    void text_file_named_jpg_is_rejected() {
        Path file = TestMedia.write(dir.resolve("notes.jpg"), "just some text, not a picture\n".getBytes(StandardCharsets.UTF_8));

        UnreadableMediaException e = assertThrows(UnreadableMediaException.class, () -> MediaProbe.probe(file, "jpg"));
        assertTrue(e.getMessage().contains("not a readable image"), e.getMessage());
    }

    @Test
    void empty_file_is_rejected() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.png"));

        UnreadableMediaException e = assertThrows(UnreadableMediaException.class, () -> MediaProbe.probe(file, "png"));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void wav_written_by_audio_system_gives_its_duration() throws Exception {
        // 12 000 frames at 8 kHz = 1.5 s
        Path file = TestMedia.write(dir.resolve("speech.wav"), TestMedia.wav(8000f, 12_000));

        MediaFacts facts = MediaProbe.probe(file, "wav");

        assertEquals("audio", facts.kind());
        assertEquals("wav", facts.format());
        assertEquals(1.5, facts.durationSeconds(), 1e-9);
    }

    @Test
    void wav_duration_follows_the_sample_rate() throws Exception {
        // 44 100 frames at 22.05 kHz = 2 s
        Path file = TestMedia.write(dir.resolve("tone.wav"), TestMedia.wav(22_050f, 44_100));

        assertEquals(2.0, MediaProbe.probe(file, "wav").durationSeconds(), 1e-9);
    }

    @Test
    void text_file_named_wav_is_rejected() {
        Path file = TestMedia.write(dir.resolve("fake.wav"), "RIFX not really audio".getBytes(StandardCharsets.US_ASCII));

        assertThrows(UnreadableMediaException.class, () -> MediaProbe.probe(file, "wav"));
    }

    @Test
    void mp4_duration_is_read_from_the_mvhd_box() throws Exception {
        // version 0 mvhd: 7 500 units at 600 units per second = 12.5 s
        Path file = TestMedia.write(dir.resolve("clip.mp4"), TestMedia.mp4(0, 600, 7_500));

        MediaFacts facts = MediaProbe.probe(file, "mp4");

        assertEquals("video", facts.kind());
        assertEquals(12.5, facts.durationSeconds(), 1e-9);
    }

    @Test
    void mp4_duration_is_read_from_a_64_bit_version_1_mvhd_box() throws Exception {
        // version 1 mvhd: 123.5 s at 90 kHz
        Path file = TestMedia.write(dir.resolve("long.mp4"), TestMedia.mp4(1, 90_000, 123L * 90_000 + 45_000));

        assertEquals(123.5, MediaProbe.probe(file, "mp4").durationSeconds(), 1e-9);
    }

    @Test
    void mp4_without_ftyp_box_is_rejected() {
        byte[] mp4 = TestMedia.mp4(0, 600, 7_500);
        // rename the first box: the file no longer starts with any ISO base media box
        mp4[4] = 'j';
        mp4[5] = 'u';
        mp4[6] = 'n';
        mp4[7] = 'k';
        Path file = TestMedia.write(dir.resolve("renamed.mp4"), mp4);

        UnreadableMediaException e = assertThrows(UnreadableMediaException.class, () -> MediaProbe.probe(file, "mp4"));
        assertTrue(e.getMessage().contains("not an MP4"), e.getMessage());
    }

    @Test
    void text_file_named_mp4_is_rejected() {
        Path file = TestMedia.write(dir.resolve("readme.mp4"), "hello, this is not a video at all".getBytes(StandardCharsets.US_ASCII));

        assertThrows(UnreadableMediaException.class, () -> MediaProbe.probe(file, "mp4"));
    }

    @Test
    void bytes_in_memory_are_probed_like_a_file() throws Exception {
        MediaFacts facts = MediaProbe.probe(TestMedia.image("png", 31, 17), "png");

        assertEquals(31, facts.width());
        assertEquals(17, facts.height());
    }
}
