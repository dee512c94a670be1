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
     * A small ISO base media file (ISO/IEC 14496-12): {@code ftyp}, an {@code mdat} with a few bytes, then {@code moov}
     * holding an {@code mvhd} of the given version with the given timescale and duration, and one 320 × 240 video
     * track at 25 frames per second lasting as long (see {@link #mp4Video}).
     */
    public static byte[] mp4(int mvhdVersion, long timescale, long duration) {
        long frames = Math.max(1, Math.round(duration / (double) timescale * 25));
        return isoMedia(mvhdVersion, timescale, duration, videoTrack(320, 240, 25, frames, timescale, duration));
    }

    /**
     * An MP4 whose video track says {@code width} × {@code height} pixels and {@code frames} frames at {@code fps}
     * frames per second ({@code tkhd}, {@code mdhd}, {@code hdlr vide}, an {@code avc1} sample entry and {@code stts}),
     * the way an encoder writes them; the movie lasts frames / fps seconds.
     */
    public static byte[] mp4Video(int width, int height, int fps, int frames) {
        long movieDuration = Math.round(frames * 1000.0 / fps);
        return isoMedia(0, 1000, movieDuration, videoTrack(width, height, fps, frames, 1000, movieDuration));
    }

    /** An MP4 with a movie header but no track at all: nothing a decoder can play. */
    public static byte[] mp4WithoutTracks(long timescale, long duration) {
        return isoMedia(0, timescale, duration, new byte[0]);
    }

    private static byte[] isoMedia(int mvhdVersion, long timescale, long duration, byte[] tracks) {
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
            writeMatrix(m);
            m.write(new byte[24]);                      // pre_defined
            m.writeInt(2);                              // next_track_ID
            out.write(box("moov", box("mvhd", mvhdBody.toByteArray()), tracks));
            out.flush();
            return file.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code trak} of one AVC video track: frames of 1000 media ticks each at a media timescale of fps × 1000. */
    private static byte[] videoTrack(int width, int height, int fps, long frames, long movieTimescale, long movieDuration) {
        try {
            ByteArrayOutputStream tkhd = new ByteArrayOutputStream();
            DataOutputStream t = new DataOutputStream(tkhd);
            t.writeInt(0x0000_0003);                    // version 0, flags: enabled, in movie
            t.writeInt(0x7000_0000);                    // creation_time
            t.writeInt(0x7000_0001);                    // modification_time
            t.writeInt(1);                              // track_ID
            t.writeInt(0);                              // reserved
            t.writeInt((int) movieDuration);            // duration, in the movie's timescale
            t.write(new byte[8]);                       // reserved
            t.writeShort(0);                            // layer
            t.writeShort(0);                            // alternate_group
            t.writeShort(0);                            // volume (0 for video)
            t.writeShort(0);                            // reserved
            writeMatrix(t);
            t.writeInt(width << 16);                    // width, 16.16 fixed point
            t.writeInt(height << 16);                   // height

            ByteArrayOutputStream mdhd = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(mdhd);
            d.writeInt(0);                              // version 0, flags
            d.writeInt(0x7000_0000);
            d.writeInt(0x7000_0001);
            d.writeInt(fps * 1000);                     // timescale
            d.writeInt((int) (frames * 1000));          // duration
            d.writeShort(0x55C4);                       // language "und"
            d.writeShort(0);                            // pre_defined

            ByteArrayOutputStream hdlr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(hdlr);
            h.writeInt(0);                              // version, flags
            h.writeInt(0);                              // pre_defined
            h.write(ascii("vide"));                     // handler_type
            h.write(new byte[12]);                      // reserved
            h.write(ascii("VideoHandler"));
            h.writeByte(0);

            ByteArrayOutputStream avc1 = new ByteArrayOutputStream();
            DataOutputStream a = new DataOutputStream(avc1);
            a.write(new byte[6]);                       // reserved
            a.writeShort(1);                            // data_reference_index
            a.write(new byte[16]);                      // pre_defined, reserved
            a.writeShort(width);
            a.writeShort(height);
            a.writeInt(0x0048_0000);                    // 72 dpi
            a.writeInt(0x0048_0000);
            a.writeInt(0);                              // reserved
            a.writeShort(1);                            // frame_count per sample
            a.write(new byte[32]);                      // compressorname
            a.writeShort(0x0018);                       // depth
            a.writeShort(-1);                           // pre_defined

            ByteArrayOutputStream stsd = new ByteArrayOutputStream();
            DataOutputStream sd = new DataOutputStream(stsd);
            sd.writeInt(0);
            sd.writeInt(1);                             // entry_count
            sd.write(box("avc1", avc1.toByteArray()));

            ByteArrayOutputStream stts = new ByteArrayOutputStream();
            DataOutputStream st = new DataOutputStream(stts);
            st.writeInt(0);
            st.writeInt(1);                             // entry_count
            st.writeInt((int) frames);                  // sample_count
            st.writeInt(1000);                          // sample_delta

            byte[] empty = new byte[8];                 // version/flags + entry_count 0
            byte[] stsz = new byte[12];                 // version/flags, sample_size 0, sample_count 0
            byte[] vmhd = {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
            byte[] dref = {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 12, 'u', 'r', 'l', ' ', 0, 0, 0, 1};
            byte[] stbl = box("stbl", box("stsd", stsd.toByteArray()), box("stts", stts.toByteArray()),
                    box("stsc", empty), box("stsz", stsz), box("stco", empty));
            byte[] minf = box("minf", box("vmhd", vmhd), box("dinf", box("dref", dref)), stbl);
            byte[] mdia = box("mdia", box("mdhd", mdhd.toByteArray()), box("hdlr", hdlr.toByteArray()), minf);
            return box("trak", box("tkhd", tkhd.toByteArray()), mdia);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeMatrix(DataOutputStream out) throws IOException {
        int[] matrix = {0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000};
        for (int v : matrix) {
            out.writeInt(v);
        }
    }

    /** An ISO box: 32-bit size, four-character type, then the parts. */
    private static byte[] box(String type, byte[]... parts) {
        int size = 8;
        for (byte[] part : parts) {
            size += part.length;
        }
        java.nio.ByteBuffer box = java.nio.ByteBuffer.allocate(size).putInt(size).put(ascii(type));
        for (byte[] part : parts) {
            box.put(part);
        }
        return box.array();
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

    /**
     * Drops a file under a short temporary name, then renames it into place: a careful producer's drop that works for
     * names too long to take another suffix (as {@link #drop} needs).
     */
    public static Path dropByRename(Path folder, String name, byte[] content) {
        try {
            Files.createDirectories(folder);
            Path temp = folder.resolve(".dropping-" + System.nanoTime());
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
