package io.mediagate.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.mediagate.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The shape of a queue job request, checked against {@code schemas/job-request.schema.json} (read from the classpath:
 * the file users read is the one the gateway checks with). What the schema cannot say — a base64 text that does not
 * decode, media larger than the configured limit — is checked where the media is taken in.
 */
final class RequestSchema {

    static final String RESOURCE = "schemas/job-request.schema.json";
    private static final Schema SCHEMA = load();

    private RequestSchema() {
    }

    /** Why the request does not fit the schema, naming the field (null: it fits). */
    static String problemOf(JsonNode request) {
        List<Error> errors = SCHEMA.validate(request == null ? NullNode.getInstance() : request);
        return errors.isEmpty() ? null : reason(errors.get(0));
    }

    /** One error as a sentence: the field, what is wrong with it, and the schema's own description of the field. */
    private static String reason(Error error) {
        String at = field(error);
        String what = switch (error.getKeyword()) {
            case "required" -> "'" + join(at, error.getProperty()) + "' is missing";
            case "additionalProperties" -> "unknown field '" + join(at, error.getProperty()) + "'; allowed: "
                    + String.join(", ", allowed(at));
            case "oneOf" -> "'" + at + "' must give exactly one of url, urls, oss, or base64 with name";
            default -> (at.isEmpty() ? "the request" : "'" + at + "'") + " " + stripPath(error.getMessage());
        };
        return what + " (schema: " + RESOURCE + ")";
    }

    /** The field's dotted path, e.g. {@code media.url}; empty for the request itself. */
    private static String field(Error error) {
        var path = error.getInstanceLocation();
        StringBuilder dotted = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                dotted.append('[').append(index).append(']');
            } else {
                dotted.append(dotted.length() == 0 ? "" : ".").append(element);
            }
        }
        return dotted.toString();
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }

    /** The fields the schema allows at a path ({@code ""} or {@code media}). */
    private static List<String> allowed(String at) {
        JsonNode properties = at.isEmpty() ? SCHEMA.getSchemaNode().path("properties")
                : SCHEMA.getSchemaNode().path("properties").path(at).path("properties");
        List<String> names = new java.util.ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The library's message without the location it starts with ({@code $.media.url: }). */
    private static String stripPath(String message) {
        int colon = message.indexOf(": ");
        return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
    }

    private static Schema load() {
        try (InputStream in = RequestSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath (the build copies it from schemas/)");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
