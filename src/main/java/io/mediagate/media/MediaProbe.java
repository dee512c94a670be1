package io.mediagate.media;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Reads what a media file really is: decodes images (catching corrupt ones), checks the container
 * signature of audio and video files, and reads durations from WAV headers and MP4/MOV {@code mvhd} boxes.
 * Shared by the gateway (to reject broken inputs early) and the sandbox (to compute results from the input).
 */
public final class MediaProbe {

    /** Images larger than this (100 megapixels) are measured from their header only, not decoded. */
    static final long MAX_DECODED_PIXELS = 100_000_000L;

    private MediaProbe() {
    }

    /** Thrown when a file is not the media its name says it is. */
    public static final class UnreadableMediaException extends Exception {
        public UnreadableMediaException(String message) {
            super(message);
        }
    }

    public static MediaFacts probe(Path file, String extension) throws UnreadableMediaException, IOException {
        String kind = MediaTypes.kind(extension);
        byte[] head = readHead(file, 64);
        if (head.length == 0) {
            throw new UnreadableMediaException("the file is empty (0 bytes)");
        }
        return switch (kind) {
            case "image" -> probeImage(file.toFile(), extension);
            case "video" -> probeVideo(file, extension, head);
            case "audio" -> probeAudio(file, extension, head);
            default -> new MediaFacts("unknown", extension, null, null, null);
        };
    }

    /** Same as {@link #probe(Path, String)} for bytes in memory (the sandbox gets media in request bodies). */
    public static MediaFacts probe(byte[] content, String extension) throws UnreadableMediaException, IOException {
        if (content.length == 0) {
            throw new UnreadableMediaException("the file is empty (0 bytes)");
        }
        if (MediaTypes.kind(extension).equals("image")) {
            // images decode straight from memory; audio and video headers are read from a file
            return probeImage(new java.io.ByteArrayInputStream(content), extension);
        }
        Path temp = Files.createTempFile("mediagate-probe", "." + extension);
        try {
            Files.write(temp, content);
            return probe(temp, extension);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** @param source a {@link java.io.File} or an {@link InputStream}, as {@link ImageIO#createImageInputStream} takes */
    private static MediaFacts probeImage(Object source, String extension) throws UnreadableMediaException, IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersBySuffix(extension);
        if (!readers.hasNext()) {
            // The JDK cannot decode this format (e.g. webp): accept it as it is, size unknown.
            return new MediaFacts("image", extension, null, null, null);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(source)) {
            Iterator<ImageReader> candidates = ImageIO.getImageReaders(in);
            if (!candidates.hasNext()) {
                throw new UnreadableMediaException("the content is not a readable image (no image signature found)");
            }
            ImageReader reader = candidates.next();
            try {
                reader.setInput(in);
                String format = reader.getFormatName().toLowerCase();
                // The JDK's JPEG reader decodes a truncated or damaged file without an exception: it fills the
                // missing part with grey and only reports warnings ("Premature end of JPEG file", "Corrupt JPEG
                // data: …", "Truncated File - Missing EOI marker"). Treat those warnings as corruption.
                List<String> damage = new ArrayList<>();
                reader.addIIOReadWarningListener((warningSource, warning) -> {
                    String w = warning == null ? "" : warning.toLowerCase();
                    if (w.contains("premature end") || w.contains("corrupt") || w.contains("truncated")) {
                        damage.add(warning);
                    }
                });
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > MAX_DECODED_PIXELS) {
                    // the header gives the size; decoding it all to look for damage could exhaust the heap
                    return new MediaFacts("image", format, width, height, null);
                }
                BufferedImage image = reader.read(0);
                if (!damage.isEmpty()) {
                    throw new UnreadableMediaException("the image is corrupt or truncated: " + String.join("; ", damage));
                }
                return new MediaFacts("image", format, image.getWidth(), image.getHeight(), null);
            } catch (IOException | RuntimeException e) {
                throw new UnreadableMediaException("the image is corrupt or truncated: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        }
    }

    private static MediaFacts probeVideo(Path file, String extension, byte[] head) throws UnreadableMediaException, IOException {
        switch (extension) {
            case "mp4", "mov" -> {
                if (!isIsoBaseMedia(head)) {
                    throw new UnreadableMediaException("the content is not an MP4/QuickTime file (no ftyp/moov box at the start)");
                }
                return new MediaFacts("video", extension, null, null, isoDurationSeconds(file));
            }
            case "avi" -> requireSignature(head, 0, "RIFF", "an AVI (RIFF) file");
            case "mkv", "webm" -> requireBytes(head, new byte[]{0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, "a Matroska/WebM file");
            case "flv" -> requireSignature(head, 0, "FLV", "an FLV file");
            default -> { }
        }
        return new MediaFacts("video", extension, null, null, null);
    }

    private static MediaFacts probeAudio(Path file, String extension, byte[] head) throws UnreadableMediaException, IOException {
        switch (extension) {
            case "wav" -> {
                requireSignature(head, 0, "RIFF", "a WAV (RIFF) file");
                try {
                    AudioFileFormat format = AudioSystem.getAudioFileFormat(file.toFile());
                    double seconds = format.getFrameLength() / (double) format.getFormat().getFrameRate();
                    return new MediaFacts("audio", "wav", null, null, round(seconds));
                } catch (Exception e) {
                    throw new UnreadableMediaException("the WAV header is unreadable: " + e.getMessage());
                }
            }
            case "flac" -> requireSignature(head, 0, "fLaC", "a FLAC file");
            case "ogg", "opus" -> requireSignature(head, 0, "OggS", "an Ogg file");
            case "amr" -> requireSignature(head, 0, "#!AMR", "an AMR file");
            case "m4a" -> {
                if (!isIsoBaseMedia(head)) {
                    throw new UnreadableMediaException("the content is not an M4A file (no ftyp box at the start)");
                }
                return new MediaFacts("audio", extension, null, null, isoDurationSeconds(file));
            }
            case "mp3" -> {
                boolean id3 = startsWith(head, 0, "ID3");
                boolean frameSync = (head[0] & 0xFF) == 0xFF && (head.length > 1 && (head[1] & 0xE0) == 0xE0);
                if (!id3 && !frameSync) {
                    throw new UnreadableMediaException("the content is not an MP3 file (no ID3 tag or frame sync)");
                }
            }
            default -> { }
        }
        return new MediaFacts("audio", extension, null, null, null);
    }

    private static boolean isIsoBaseMedia(byte[] head) {
        if (head.length < 8) {
            return false;
        }
        String type = new String(head, 4, 4, StandardCharsets.ISO_8859_1);
        return type.equals("ftyp") || type.equals("moov") || type.equals("mdat") || type.equals("wide")
                || type.equals("free") || type.equals("skip");
    }

    /** Walks the top-level boxes to {@code moov/mvhd} and returns duration/timescale, or null. */
    static Double isoDurationSeconds(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long moov = findBox(in, 0, in.length(), "moov");
            if (moov < 0) {
                return null;
            }
            in.seek(moov);
            long moovSize = readBoxSize(in);
            long mvhd = findBox(in, moov + 8, moov + moovSize, "mvhd");
            if (mvhd < 0) {
                return null;
            }
            in.seek(mvhd + 8);
            int version = in.readUnsignedByte();
            in.skipBytes(3);
            long timescale;
            long duration;
            if (version == 1) {
                in.skipBytes(16);
                timescale = Integer.toUnsignedLong(in.readInt());
                duration = in.readLong();
            } else {
                in.skipBytes(8);
                timescale = Integer.toUnsignedLong(in.readInt());
                duration = Integer.toUnsignedLong(in.readInt());
            }
            return timescale == 0 ? null : round(duration / (double) timescale);
        } catch (java.io.EOFException truncated) {
            return null;
        }
    }

    private static long findBox(RandomAccessFile in, long from, long to, String type) throws IOException {
        long pos = from;
        while (pos + 8 <= to) {
            in.seek(pos);
            long size = readBoxSize(in);
            byte[] name = new byte[4];
            in.seek(pos + 4);
            in.readFully(name);
            if (new String(name, StandardCharsets.ISO_8859_1).equals(type)) {
                return pos;
            }
            if (size < 8) {
                return -1;
            }
            pos += size;
        }
        return -1;
    }

    private static long readBoxSize(RandomAccessFile in) throws IOException {
        long start = in.getFilePointer();
        long size = Integer.toUnsignedLong(in.readInt());
        if (size == 1) {
            in.seek(start + 8);
            size = in.readLong();
        } else if (size == 0) {
            size = in.length() - start;
        }
        in.seek(start);
        return size;
    }

    private static void requireSignature(byte[] head, int offset, String ascii, String what) throws UnreadableMediaException {
        if (!startsWith(head, offset, ascii)) {
            throw new UnreadableMediaException("the content is not " + what + " (wrong file signature)");
        }
    }

    private static void requireBytes(byte[] head, byte[] signature, String what) throws UnreadableMediaException {
        if (head.length < signature.length || !Arrays.equals(Arrays.copyOf(head, signature.length), signature)) {
            throw new UnreadableMediaException("the content is not " + what + " (wrong file signature)");
        }
    }

    private static boolean startsWith(byte[] head, int offset, String ascii) {
        byte[] expected = ascii.getBytes(StandardCharsets.ISO_8859_1);
        if (head.length < offset + expected.length) {
            return false;
        }
        return ByteBuffer.wrap(head, offset, expected.length).equals(ByteBuffer.wrap(expected));
    }

    private static byte[] readHead(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
