package io.mediagate.sandbox.bailian;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;

import java.util.Map;
import java.util.Set;

/**
 * The parameter rules Bailian's SubmitVideoAnalysisTask doc states, as the sandbox enforces them on the received
 * fields (form values, nested ones as JSON text): the prompt templates' required variables, {@code snapshotInterval}
 * 1–10 s, and {@code frameSampleMethod} ({@code methodName} a known type, {@code interval} 1.0–5.0 s, {@code pixel}
 * 300–768). Written apart from the client's checks on purpose: the emulator reads the vendor's doc on its own.
 * {@code videoExtraInfo} is taken as it is (the doc only advises adding {@code {videoExtraInfo}} to a template).
 */
final class BailianParameterRules {

    /** The SubmitVideoAnalysisTask API reference names these three frame-sampling types. */
    private static final Set<String> METHOD_NAMES = Set.of("fast", "standard", "userdefined");

    private BailianParameterRules() {
    }

    /** The message of the first rule the fields break, or null when they keep them all. */
    static String violation(Map<String, String> fields) {
        String vl = fields.get("videoModelCustomPromptTemplate");
        if (vl != null && !vl.contains("{videoAsrText}")) {
            return "videoModelCustomPromptTemplate must contain {videoAsrText}.";
        }
        String summary = fields.get("modelCustomPromptTemplate");
        if (summary != null && !(summary.contains("{videoAsrText}") && summary.contains("{videoAnalysisText}"))) {
            return "modelCustomPromptTemplate must contain {videoAsrText} and {videoAnalysisText}.";
        }
        String snapshot = fields.get("snapshotInterval");
        if (snapshot != null && !within(number(snapshot), 1, 10)) {
            return "snapshotInterval must be within [1, 10].";
        }
        String method = fields.get("frameSampleMethod");
        return method == null ? null : frameSampleMethodViolation(Json.readOrNull(method));
    }

    private static String frameSampleMethodViolation(JsonNode method) {
        if (method == null || !method.isObject()) {
            return "frameSampleMethod is not a valid object.";
        }
        JsonNode name = method.get("methodName");
        if (name != null && !(name.isTextual() && METHOD_NAMES.contains(name.asText()))) {
            return "frameSampleMethod.methodName must be one of fast, standard, userdefined.";
        }
        JsonNode interval = method.get("interval");
        if (interval != null && !(interval.isNumber() && within(interval.asDouble(), 1.0, 5.0))) {
            return "frameSampleMethod.interval must be within [1.0, 5.0].";
        }
        JsonNode pixel = method.get("pixel");
        if (pixel != null && !(pixel.isIntegralNumber() && within(pixel.asLong(), 300, 768))) {
            return "frameSampleMethod.pixel must be an integer within [300, 768].";
        }
        return null;
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static boolean within(double value, double min, double max) {
        return value >= min && value <= max;
    }
}
