package io.mediagate.sandbox.ice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.media.MediaFacts;
import io.mediagate.media.MediaProbe;
import io.mediagate.media.MediaTypes;
import io.mediagate.vendors.ice.IceFunction;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a finished ICE job of the sandbox produced from its input: the output files (object key → bytes) and the
 * {@code Result} JSON in the per-function shape of ICE's QueryIProductionJob doc. {@code Output.Media} names an OSS
 * object ({@code oss://bucket/object}): a function with one output file writes exactly that object; covers are numbered after its name, as the
 * doc's example {@code cover/test-00001.jpg}; several files (MusicDemix) go beside it, named after it (ICE's own names
 * for the two stems are not documented). Outputs are derived from the input where the sandbox
 * can: a cover is the input image itself when it decodes (otherwise an image generated from the input's bytes),
 * audio outputs are the input WAV (a valid silent WAV otherwise), video outputs the input file; durations come
 * from the media headers when readable.
 */
record IceOutputs(Map<String, byte[]> files, JsonNode result) {

    /** @param outputKey the key of the Output object, e.g. {@code out/cover.jpg} */
    static IceOutputs of(IceFunction function, String inputName, byte[] input, String outputKey) {
        double seconds = durationSeconds(inputName, input);
        String beside = outputKey.substring(0, outputKey.lastIndexOf('/') + 1);
        String name = outputKey.substring(beside.length());
        String base = beside + (name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name);
        Map<String, byte[]> files = new LinkedHashMap<>();
        JsonNode result;
        switch (function) {
            case Cover -> {
                files.put(base + "-00001.jpg", cover(input));
                ArrayNode covers = Json.MAPPER.createArrayNode();
                // the documented shape: Score, Time (milliseconds, as a string) and the cover's path in the bucket
                covers.addObject().put("Score", 8.27).put("Time", String.valueOf(Math.round(seconds * 500)))
                        .put("Url", base + "-00001.jpg");
                result = covers;
            }
            case VideoClip -> {
                files.put(outputKey, input);
                ObjectNode clip = Json.object();
                clip.putArray("VideoSummaryList").addObject().put("StartTime", "0.00")
                        .put("EndTime", String.format(java.util.Locale.ROOT, "%.2f", Math.max(1, seconds / 2)));
                result = clip;
            }
            case MusicSegmentDetect -> {
                ArrayNode segments = Json.MAPPER.createArrayNode();
                segments.addObject().put("start", round(seconds * 0.25)).put("end", round(seconds * 0.5)).put("title", "副歌");
                result = segments;
            }
            case AudioQualityAssessment -> {
                // one entry per channel with every measure the QueryIProductionJob example lists (all strings, as there)
                ArrayNode channels = Json.MAPPER.createArrayNode();
                channels.addObject().put("Discontinuity", "Good").put("Loudness", "Excellent").put("Worst MOS(0-5)", "2.10")
                        .put("Discontinuity(0-5)", "3.52").put("Speech Ratio", "48.55").put("Loudness(0-5)", "4.91")
                        .put("Worst Discontinuity(0-5)", "2.88").put("Worst Coloration(0-5)", "2.42").put("Channel", "1")
                        .put("Coloration(0-5)", "3.99").put("Bad Mute Ratio(%)", "0.0")
                        .put("Time", java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).withNano(0).toString().replace('T', ' '))
                        .put("Noisiness(0-5)", "3.28").put("MOS", "Fair").put("Worst Noisiness(0-5)", "2.91")
                        .put("Double Talk Ratio(%)", "0.0").put("Input", inputName).put("Total Duration", String.valueOf(round(seconds)))
                        .put("Noisiness", "Good").put("Tag", "Valid").put("MOS(0-5)", "3.10").put("Loudness(-90dB-0dB)", "-0.59")
                        .put("Coloration", "Good").put("Saturated Ratio(%)", "0.0");
                result = channels;
            }
            case CaptionExtraction -> {
                String captions = String.format(java.util.Locale.ROOT, "1%n00:00:00,000 --> 00:00:%02d,000%n(sandbox caption)%n",
                        (int) Math.max(1, Math.min(59, seconds)));
                files.put(outputKey, captions.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                result = Json.object();
            }
            case AudioBeatDetection -> {
                ObjectNode detail = Json.object().put("function", function.name()).put("durationSeconds", round(seconds));
                files.put(outputKey, Json.write(detail).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                result = Json.object();
            }
            case SpeechDenoise, AudioMixing -> {
                files.put(outputKey, wavOr(input));
                result = Json.object();
            }
            case MusicDemix -> {
                files.put(base + "-vocals.wav", wavOr(input));
                files.put(base + "-accompaniment.wav", wavOr(input));
                result = Json.object();
            }
            default -> {
                files.put(outputKey, input);
                result = Json.object();
            }
        }
        return new IceOutputs(files, result);
    }

    private static double durationSeconds(String name, byte[] input) {
        try {
            MediaFacts facts = MediaProbe.probe(input, MediaTypes.extension(name));
            return facts.durationSeconds() == null ? 10 : facts.durationSeconds();
        } catch (IOException | MediaProbe.UnreadableMediaException | RuntimeException e) {
            return 10;
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The input image as a JPEG cover when it decodes; else a frame painted from the input's bytes. */
    static byte[] cover(byte[] input) {
        BufferedImage cover;
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(input));
            cover = decoded != null ? rgb(decoded) : painted(input);
        } catch (IOException | RuntimeException e) {
            cover = painted(input);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(cover, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static BufferedImage rgb(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }

    private static BufferedImage painted(byte[] input) {
        BufferedImage image = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int seed = Arrays.hashCode(input);
        g.setColor(new Color(seed & 0xffffff));
        g.fillRect(0, 0, 320, 180);
        g.setColor(Color.WHITE);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.drawString("sandbox cover, " + input.length + " bytes", 12, 96);
        g.dispose();
        return image;
    }

    /** The input when it is a WAV file, else one second of 16 kHz mono silence. */
    static byte[] wavOr(byte[] input) {
        if (input.length > 12 && new String(input, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("RIFF")) {
            return input;
        }
        int dataBytes = 16_000 * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        return wav.array();
    }
}
