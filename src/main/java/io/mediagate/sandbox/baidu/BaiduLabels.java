package io.mediagate.sandbox.baidu;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The sandbox's "model": class scores from the image's own colours (mean red, green and blue, brightness,
 * saturation), so a red picture is classified {@code red} and the same picture always gets the same answer.
 * Scores sum to 1, best first, as a softmax classifier's would.
 */
final class BaiduLabels {

    private BaiduLabels() {
    }

    /** @param labels red, green, blue, bright, dark, grey, warm, cool (in this order) */
    static ArrayNode of(BufferedImage image, String[] labels, int topNum) {
        double r = 0, g = 0, b = 0;
        int step = Math.max(1, Math.max(image.getWidth(), image.getHeight()) / 64);
        int n = 0;
        for (int y = 0; y < image.getHeight(); y += step) {
            for (int x = 0; x < image.getWidth(); x += step) {
                int rgb = image.getRGB(x, y);
                r += ((rgb >> 16) & 0xff) / 255.0;
                g += ((rgb >> 8) & 0xff) / 255.0;
                b += (rgb & 0xff) / 255.0;
                n++;
            }
        }
        r /= n;
        g /= n;
        b /= n;
        double sum = r + g + b + 1e-9;
        double light = (r + g + b) / 3;
        double saturation = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
        double[] raw = {
                Math.pow(r / sum, 3) * 4, Math.pow(g / sum, 3) * 4, Math.pow(b / sum, 3) * 4,
                light * light, (1 - light) * (1 - light), (1 - saturation) * 0.3,
                Math.max(0, r - b) * 0.5, Math.max(0, b - r) * 0.5};
        double total = Arrays.stream(raw).sum() + 1e-9;
        Integer[] order = new Integer[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -raw[i]).thenComparingInt(i -> i));
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < Math.min(topNum, labels.length); i++) {
            results.addObject().put("name", labels[order[i]]).put("score", Math.round(raw[order[i]] / total * 1e6) / 1e6);
        }
        return results;
    }
}
