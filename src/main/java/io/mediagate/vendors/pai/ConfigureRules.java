package io.mediagate.vendors.pai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.JobFailure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PAI's documented rules for an operation's {@code configure} (e.g. {@code tag_top_k} 1–10), checked before any call so a
 * wrong value fails as {@code input} with the rule and the value instead of costing a vendor call.
 */
final class ConfigureRules {

    private record Rule(String type, double min, double max) {
    }

    private final Map<String, Rule> rules = new LinkedHashMap<>();

    static ConfigureRules none() {
        return new ConfigureRules();
    }

    ConfigureRules integer(String key, int min, int max) {
        rules.put(key, new Rule("integer", min, max));
        return this;
    }

    ConfigureRules number(String key, double min, double max) {
        rules.put(key, new Rule("number", min, max));
        return this;
    }

    ConfigureRules bool(String key) {
        rules.put(key, new Rule("boolean", 0, 0));
        return this;
    }

    ConfigureRules text(String key) {
        rules.put(key, new Rule("string", 0, 0));
        return this;
    }

    void check(ObjectNode configure, String file) {
        rules.forEach((key, rule) -> {
            JsonNode value = configure.get(key);
            if (value == null || value.isNull()) {
                return;
            }
            boolean ok = switch (rule.type()) {
                case "integer" -> value.isIntegralNumber() && value.asDouble() >= rule.min() && value.asDouble() <= rule.max();
                case "number" -> value.isNumber() && value.asDouble() >= rule.min() && value.asDouble() <= rule.max();
                case "boolean" -> value.isBoolean();
                default -> value.isTextual();
            };
            if (!ok) {
                String range = rule.type().equals("integer") || rule.type().equals("number")
                        ? " from " + format(rule.min()) + " to " + format(rule.max()) : "";
                throw JobFailure.input("configure." + key + " must be " + ("integer".equals(rule.type()) ? "an " : "a ")
                        + rule.type() + range + ", not " + value + " (" + file + ")");
            }
        });
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
