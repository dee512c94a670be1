package io.mediagate.e2e;

import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real media files made on the spot, so tests need no fixtures. */
final class Media {

    private Media() {
    }

    static byte[] image(int width, int height, String format, int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(seed * 37 % 256, 120, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    static byte[] wav(double seconds) throws IOException {
        AudioFormat format = new AudioFormat(8000, 16, 1, true, false);
        int frames = (int) (seconds * 8000);
        byte[] pcm = new byte[frames * 2];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, frames),
                javax.sound.sampled.AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    /** An MP4 skeleton: ftyp + moov/mvhd with the given duration, then padding. */
    static byte[] mp4(int seconds, int paddingBytes) {
        ByteBuffer mvhd = ByteBuffer.allocate(108);
        mvhd.putInt(108).put("mvhd".getBytes(StandardCharsets.ISO_8859_1));
        mvhd.putInt(0); // version 0 + flags
        mvhd.putInt(0).putInt(0); // creation, modification
        mvhd.putInt(1000); // timescale
        mvhd.putInt(seconds * 1000); // duration
        ByteBuffer ftyp = ByteBuffer.allocate(16);
        ftyp.putInt(16).put("ftypisom".getBytes(StandardCharsets.ISO_8859_1)).putInt(0x200);
        ByteBuffer out = ByteBuffer.allocate(16 + 8 + 108 + 8 + paddingBytes);
        out.put(ftyp.array());
        out.putInt(8 + 108).put("moov".getBytes(StandardCharsets.ISO_8859_1)).put(mvhd.array());
        out.putInt(8 + paddingBytes).put("mdat".getBytes(StandardCharsets.ISO_8859_1));
        return out.array();
    }

    /** Drops a file the way a careful producer does: written under a dot name, then renamed. */
    static Path drop(Path folder, String name, byte[] content) throws IOException {
        Files.createDirectories(folder);
        Path temp = folder.resolve("." + name + ".writing");
        Files.write(temp, content);
        return Files.move(temp, folder.resolve(name));
    }
}
