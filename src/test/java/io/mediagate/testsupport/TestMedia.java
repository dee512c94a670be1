package io.mediagate.testsupport;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small but real media files for tests, written with the JDK (javax.imageio, javax.sound) or by hand (MP4 boxes). */
public final class TestMedia {

    private TestMedia() {
    }

    /** An image of the given size in the given ImageIO format (png, jpg, bmp, tif), with some content to encode. */
    public static byte[] image(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.RED);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.setColor(Color.BLUE);
        g.drawLine(0, 0, width - 1, height - 1);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("the JDK cannot write " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static Path writeImage(Path dir, String name, String format, int width, int height) {
        return write(dir.resolve(name), image(format, width, height));
    }

    /** A PCM WAV file of {@code frames} frames at {@code sampleRate} Hz, mono 16 bit, written by AudioSystem. */
    public static byte[] wav(float sampleRate, int frames) {
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        byte[] pcm = new byte[frames * 2];
        for (int i = 0; i < frames; i++) {
            short sample = (short) (Math.sin(i / 8.0) * 8000);
            pcm[2 * i] = (byte) sample;
            pcm[2 * i + 1] = (byte) (sample >> 8);
        }
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, frames)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A minimal ISO base media file: {@code ftyp}, an {@code mdat} with a few bytes, then {@code moov} holding an
     * {@code mvhd} of the given version with the given timescale and duration (ISO/IEC 14496-12 §8.2.2).
     */
    public static byte[] mp4(int mvhdVersion, long timescale, long duration) {
        try {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(file);
            // ftyp: major brand isom, minor version 512, compatible brands isom, mp41
            out.writeInt(24);
            out.write(ascii("ftyp"));
            out.write(ascii("isom"));
            out.writeInt(512);
            out.write(ascii("isom"));
            out.write(ascii("mp41"));
            // mdat with some payload, so that moov is not the second box
            byte[] payload = new byte[100];
            out.writeInt(8 + payload.length);
            out.write(ascii("mdat"));
            out.write(payload);

            ByteArrayOutputStream mvhdBody = new ByteArrayOutputStream();
            DataOutputStream m = new DataOutputStream(mvhdBody);
            m.writeByte(mvhdVersion);
            m.write(new byte[3]);                       // flags
            if (mvhdVersion == 1) {
                m.writeLong(3_000_000_000L);            // creation_time
                m.writeLong(3_000_000_001L);            // modification_time
                m.writeInt((int) timescale);
                m.writeLong(duration);
            } else {
                m.writeInt(0x7000_0000);                // creation_time
                m.writeInt(0x7000_0001);                // modification_time
                m.writeInt((int) timescale);
                m.writeInt((int) duration);
            }
            m.writeInt(0x0001_0000);                    // rate 1.0
            m.writeShort(0x0100);                       // volume 1.0
            m.write(new byte[10]);                      // reserved
            int[] matrix = {0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000};
            for (int v : matrix) {
                m.writeInt(v);
            }
            m.write(new byte[24]);                      // pre_defined
            m.writeInt(2);                              // next_track_ID
            byte[] mvhd = mvhdBody.toByteArray();

            out.writeInt(8 + 8 + mvhd.length);          // moov
            out.write(ascii("moov"));
            out.writeInt(8 + mvhd.length);              // mvhd
            out.write(ascii("mvhd"));
            out.write(mvhd);
            out.flush();
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a {@code free} box of {@code bytes} bytes, to make a media file as large as a test needs. */
    public static byte[] padded(byte[] isoMedia, int bytes) {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(isoMedia.length + 8 + bytes);
        out.put(isoMedia).putInt(8 + bytes).put(ascii("free"));
        return out.array();
    }

    /** Drops a file the way a careful producer does: written under a dot name, then renamed into place. */
    public static Path drop(Path folder, String name, byte[] content) {
        try {
            Files.createDirectories(folder);
            Path temp = folder.resolve("." + name + ".writing");
            Files.write(temp, content);
            return Files.move(temp, folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
