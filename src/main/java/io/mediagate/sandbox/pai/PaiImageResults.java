package io.mediagate.sandbox.pai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.Json;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;

/**
 * The sandbox's PAI results in the seed's shapes, computed from the media it downloaded: real image size, a
 * quality score from the pixels' contrast, tags and embeddings seeded by the content (same media, same answer),
 * a re-encoded (and, for reshaping, resized) JPEG for the image-producing models.
 */
final class PaiImageResults {

    private PaiImageResults() {
    }

    static JsonNode of(String action, String model, BufferedImage image, ObjectNode configure, byte[] bytes) {
        long seed = bytes == null ? 7 : Arrays.hashCode(bytes);
        Random random = new Random(seed);
        int width = image == null ? 640 : image.getWidth();
        int height = image == null ? 480 : image.getHeight();
        switch (action + "/" + model) {
            case "ImageQA/" -> {
                ObjectNode data = size(width, height);
                data.put("iqa_result", round(contrastScore(image)));
                return data;
            }
            case "FaceAttrImage/fairface" -> {
                ObjectNode data = Json.object();
                String[] ranges = {"3-9", "10-19", "20-29", "30-39", "40-49", "50-59"};
                data.put("age_range", ranges[random.nextInt(ranges.length)]);
                // spelled as the seed's sample spells it
                data.put("age_raneg_prob", round(0.6 + random.nextDouble() * 0.4));
                return data;
            }
            case "FaceAttrImage/" -> {
                ObjectNode data = Json.object();
                ObjectNode face = data.putArray("attr").addObject();
                face.putArray("bbox").add(width / 4).add(height / 8).add(width * 3 / 4).add(height * 7 / 8);
                face.put("face_score", round(2 + random.nextDouble() * 2));
                face.put("index", 0);
                face.putObject("HairColor").put("黑色", round(random.nextDouble())).put("棕色", round(random.nextDouble()));
                return data;
            }
            case "MultiLabelImageV2/tagger" -> {
                ObjectNode data = Json.object();
                data.put("caption", "sandbox, " + width + "x" + height + ", " + PaiEmulator.tags()[random.nextInt(8)]);
                ArrayNode probs = data.putArray("probs");
                for (int i = 0; i < 8; i++) {
                    probs.add(round(random.nextDouble()));
                }
                return data;
            }
            case "MultiLabelImageV2/body_reshaping" -> {
                double degree = configure.path("degree").asDouble(1.0);
                // a positive degree slims: the sandbox narrows the picture a little, a negative one widens it
                int newWidth = Math.max(1, (int) Math.round(width * (1 - degree * 0.05)));
                return Json.MAPPER.getNodeFactory().textNode(PaiEmulator.jpegBase64(resized(image, newWidth, height)));
            }
            case "MultiLabelImageV2/watermark_remover" -> {
                return Json.MAPPER.getNodeFactory().textNode(PaiEmulator.jpegBase64(resized(image, width, height)));
            }
            default -> {
                ObjectNode data = size(width, height);
                data.set("tag_result", tags(random, configure.path("tag_top_k").asInt(10)));
                if (configure.path("output_embedding").asBoolean(false)) {
                    data.put("embedding_result", embedding(random, 512));
                }
                return data;
            }
        }
    }

    static JsonNode video(String action, ObjectNode configure, byte[] bytes, Double seconds) {
        Random random = new Random(bytes == null ? 11 : Arrays.hashCode(bytes));
        ObjectNode result = Json.object();
        result.put("video_size", bytes == null ? 0 : bytes.length);
        if (seconds != null) {
            result.put("video_duration", seconds);
        }
        if (action.equals("VideoQA")) {
            result.put("qa_score", round(50 + random.nextDouble() * 50));
            return result;
        }
        if (configure.path("output_classification").asBoolean(true)) {
            ArrayNode classes = result.putArray("classification_result");
            int k = configure.path("classification_top_k").asInt(1);
            for (int i = 0; i < k; i++) {
                classes.addObject().put("class", "category-" + random.nextInt(20)).put("score", round(random.nextDouble()));
            }
        }
        if (configure.path("output_tag").asBoolean(true)) {
            result.set("tag_result", tags(random, configure.path("tag_top_k").asInt(5)));
        }
        if (configure.path("output_embedding").asBoolean(true)) {
            result.put("embedding_result", embedding(random, 64));
        }
        return result;
    }

    private static ObjectNode size(int width, int height) {
        return Json.object().put("image_height", height).put("image_width", width);
    }

    private static ArrayNode tags(Random random, int k) {
        ArrayNode tags = Json.MAPPER.createArrayNode();
        double score = 0.9;
        for (int i = 0; i < Math.min(k, 8); i++) {
            score -= random.nextDouble() * 0.1;
            tags.addObject().put("score", round(score)).put("tag", PaiEmulator.tags()[(i + random.nextInt(8)) % 8]);
        }
        return tags;
    }

    /** Comma-separated floats, as the seed describes {@code embedding_result}. */
    private static String embedding(Random random, int dimensions) {
        StringJoiner joined = new StringJoiner(",");
        for (int i = 0; i < dimensions; i++) {
            joined.add(String.format(Locale.ROOT, "%.4f", random.nextGaussian() * 0.1));
        }
        return joined.toString();
    }

    /** 0–100 from the standard deviation of the luminance: a flat image scores low, a detailed one high. */
    private static double contrastScore(BufferedImage image) {
        if (image == null) {
            return 50;
        }
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y += Math.max(1, image.getHeight() / 64)) {
            for (int x = 0; x < image.getWidth(); x += Math.max(1, image.getWidth() / 64)) {
                int rgb = image.getRGB(x, y);
                double luminance = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                sum += luminance;
                squares += luminance * luminance;
                n++;
            }
        }
        double mean = sum / n;
        double deviation = Math.sqrt(Math.max(0, squares / n - mean * mean));
        return Math.min(100, deviation / 128 * 100);
    }

    private static BufferedImage resized(BufferedImage image, int width, int height) {
        BufferedImage source = image == null ? new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB) : image;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.createGraphics().drawImage(source, 0, 0, width, height, null);
        return out;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
