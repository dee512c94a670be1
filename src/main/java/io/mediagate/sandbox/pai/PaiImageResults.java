package io.mediagate.sandbox.pai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.media.VideoHeader;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;

/**
 * The sandbox's PAI results in the shapes PAI's SDK doc shows, computed from the media it downloaded: real image size, a
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
                // spelled as PAI's documented sample spells it
                data.put("age_raneg_prob", round(0.6 + random.nextDouble() * 0.4));
                return data;
            }
            case "FaceAttrImage/" -> {
                ObjectNode data = Json.object();
                ObjectNode face = data.putArray("attr").addObject();
                // every attribute PAI's SDK doc shows, each a probability per class (the class names as the doc gives them)
                face.set("FaceShape", probabilities(random, "三角脸", "圆脸", "心形脸", "方形脸", "椭圆脸", "菱形脸", "长脸"));
                ObjectNode female = face.putObject("FemaleHairStyle");
                female.set("BangsType", probabilities(random, "中分刘海", "刘海编发", "斜刘海", "无刘海", "空气刘海", "齐刘海"));
                female.set("FemaleCurlyHairType", probabilities(random, "云朵卷", "大波浪", "小波浪", "氧气卷", "空气卷", "羊毛卷", "蛋卷"));
                female.set("FemaleHairType", probabilities(random, "卷发", "盘发", "直发"));
                female.set("FemaleLongShortHair", probabilities(random, "中长发", "短发", "长发"));
                female.put("扎发", round(random.nextDouble()));
                female.put("编发", round(random.nextDouble()));
                face.set("HairColor", probabilities(random, "其他颜色", "咖啡色", "奶奶灰", "栗色", "棕色", "渐变色", "酒红色", "金色", "黄色", "黑色"));
                face.set("MaleHairStyle", probabilities(random, "分发", "圆寸", "子弹头", "平头", "板寸", "毛寸", "碎发", "背头", "莫西干"));
                face.putArray("bbox").add(width / 4).add(height / 8).add(width * 3 / 4).add(height * 7 / 8);
                face.put("face_score", round(2 + random.nextDouble() * 2));
                face.put("index", 0);
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

    /**
     * A finished video job's {@code Result} in the shapes of PAI's SDK doc, from the video's own headers: VideoQA
     * {@code {avg_fps, duration, height, single_img, video_score, width}}; ClassifyLabelVideo and MultiModalClassify
     * {@code {classification_result?, duration, embedding_result?, tag_result?, video_height, video_width}} (each "?"
     * per its {@code output_*} switch, all on by default).
     *
     * @param header   what the video's headers say, or null when the sandbox could not fetch it (a host outside its
     *                 reach): then the doc's own example values stand in
     * @param hasVideo false for a post of images and text only: no video, so size and duration are 0
     */
    static JsonNode video(String action, ObjectNode configure, byte[] bytes, VideoHeader header, boolean hasVideo) {
        Random random = new Random(bytes == null ? 11 : Arrays.hashCode(bytes));
        VideoHeader video = !hasVideo ? new VideoHeader(0, 0, 0, 0)
                : header != null ? header : new VideoHeader(720, 1280, 30, 14.633333333333333);
        ObjectNode result = Json.object();
        if (action.equals("VideoQA")) {
            result.put("avg_fps", (int) Math.round(video.framesPerSecond()));
            result.put("duration", video.durationSeconds());
            result.put("height", video.height());
            // how different the frames are (0: a slideshow of one still); the sandbox does not decode frames
            result.put("single_img", round(0.3 + random.nextDouble() * 0.6));
            result.put("video_score", round(40 + random.nextDouble() * 60));
            result.put("width", video.width());
            return result;
        }
        if (configure.path("output_classification").asBoolean(true)) {
            ArrayNode classes = result.putArray("classification_result");
            int k = configure.path("classification_top_k").asInt(1);
            for (int i = 0; i < k; i++) {
                classes.addObject().put("class", "category-" + random.nextInt(20)).put("score", round(random.nextDouble()));
            }
        }
        result.put("duration", video.durationSeconds());
        if (configure.path("output_embedding").asBoolean(true)) {
            result.put("embedding_result", embedding(random, 64));
        }
        if (configure.path("output_tag").asBoolean(true)) {
            result.set("tag_result", tags(random, configure.path("tag_top_k").asInt(5)));
        }
        result.put("video_height", video.height());
        result.put("video_width", video.width());
        return result;
    }

    /** One probability per class, summing to 1. */
    private static ObjectNode probabilities(Random random, String... classes) {
        double[] weights = new double[classes.length];
        double sum = 0;
        for (int i = 0; i < classes.length; i++) {
            weights[i] = Math.pow(random.nextDouble(), 3);
            sum += weights[i];
        }
        ObjectNode out = Json.object();
        for (int i = 0; i < classes.length; i++) {
            out.put(classes[i], Math.round(weights[i] / sum * 10000) / 10000.0);
        }
        return out;
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

    /** Comma-separated floats, as PAI's SDK doc describes {@code embedding_result}. */
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
