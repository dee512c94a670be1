package io.mediagate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.json.Json;

/**
 * A request's query string or form body ({@code a=1&b=%7B…%7D}) as a JSON object, so {@link JsonShape} can hold it to a
 * vendor's documented request example. Decoding is {@link Acs3Signer#queryParameters}, the gateway's own.
 */
public final class WireFields {

    private WireFields() {
    }

    /** Every field as the string it is on the wire (for examples that carry JSON in strings, with {@link JsonShape#jsonIn}). */
    public static ObjectNode strings(String encoded) {
        ObjectNode fields = Json.object();
        Acs3Signer.queryParameters(encoded).forEach(fields::put);
        return fields;
    }

    /**
     * Every field read with the type the example gives it: a form carries numbers and booleans as text and nested values
     * as JSON strings (Bailian's API doc), so where the example has a number, boolean, object or array the field's
     * text is read as JSON. Text that does not read as that type stays a string, and the comparison reports it; fields
     * the example does not have stay strings.
     */
    public static ObjectNode typedLike(String encoded, JsonNode example) {
        ObjectNode fields = strings(encoded);
        java.util.List<String> names = new java.util.ArrayList<>();
        fields.fieldNames().forEachRemaining(names::add);
        names.forEach(name -> {
            JsonNode expected = example.get(name);
            if (expected != null && !expected.isTextual() && !expected.isNull()) {
                JsonNode parsed = Json.readOrNull(fields.get(name).asText());
                if (parsed != null && parsed.getNodeType() == expected.getNodeType()) {
                    fields.set(name, parsed);
                }
            }
        });
        return fields;
    }
}
