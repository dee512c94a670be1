package io.mediagate.component;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * The component's metadata for Camel tooling ({@code camel doc}, IDEs, the runtime catalog), in the JSON shape Camel's
 * own components ship, written from the annotations of {@link MediagateComponent}, {@link MediagateEndpoint} and
 * {@link MediagateConstants}. Camel's build plugin (camel-package-maven-plugin) does not resolve offline here, so
 * {@link ComponentMetadataTest} keeps the committed file equal to what this writes.
 */
final class ComponentMetadata {

    static final String RESOURCE = "META-INF/io/mediagate/component/mediagate.json";

    private ComponentMetadata() {
    }

    static ObjectNode json(String version) {
        UriEndpoint endpoint = MediagateEndpoint.class.getAnnotation(UriEndpoint.class);
        ObjectNode root = Json.object();
        ObjectNode component = root.putObject("component");
        component.put("kind", "component");
        component.put("name", endpoint.scheme());
        component.put("title", endpoint.title());
        component.put("description", "Calls cloud media-AI vendors (OpenSearch, PAI, Baidu, ICE, Bailian) through mediagate:"
                + " sync operations answer at once, async ones are polled until their task ends.");
        component.put("deprecated", false);
        component.put("firstVersion", endpoint.firstVersion());
        StringBuilder label = new StringBuilder();
        for (var category : endpoint.category()) {
            label.append(label.isEmpty() ? "" : ",").append(category.getValue());
        }
        component.put("label", label.toString());
        component.put("javaType", MediagateComponent.class.getName());
        component.put("supportLevel", "Preview");
        component.put("groupId", "io.mediagate");
        component.put("artifactId", "mediagate");
        component.put("version", version);
        component.put("scheme", endpoint.scheme());
        component.put("extendsScheme", "");
        component.put("syntax", endpoint.syntax());
        component.put("async", true);
        component.put("api", false);
        component.put("consumerOnly", false);
        component.put("producerOnly", endpoint.producerOnly());
        component.put("lenientProperties", false);
        component.put("browsable", false);
        component.put("remote", true);

        ObjectNode componentProperties = root.putObject("componentProperties");
        int index = 0;
        for (Field field : MediagateComponent.class.getDeclaredFields()) {
            Metadata metadata = field.getAnnotation(Metadata.class);
            if (metadata != null) {
                option(componentProperties.putObject(field.getName()), index++, "property", field, metadata.label(),
                        metadata.required(), metadata.defaultValue(), metadata.description(), metadata.enums(), "");
            }
        }
        ObjectNode headers = root.putObject("headers");
        index = 0;
        for (Field field : MediagateConstants.class.getDeclaredFields()) {
            Metadata metadata = field.getAnnotation(Metadata.class);
            if (metadata != null && Modifier.isStatic(field.getModifiers())) {
                ObjectNode header = headers.putObject(constant(field));
                header.put("index", index++);
                header.put("kind", "header");
                header.put("displayName", "");
                header.put("group", metadata.label());
                header.put("label", metadata.label());
                header.put("required", false);
                header.put("javaType", metadata.javaType());
                header.put("deprecated", false);
                header.put("deprecationNote", "");
                header.put("autowired", false);
                header.put("secret", false);
                header.put("description", metadata.description());
                header.put("constantName", MediagateConstants.class.getName() + "#" + field.getName());
            }
        }
        ObjectNode properties = root.putObject("properties");
        index = 0;
        for (Field field : MediagateEndpoint.class.getDeclaredFields()) {
            UriPath path = field.getAnnotation(UriPath.class);
            UriParam param = field.getAnnotation(UriParam.class);
            Metadata metadata = field.getAnnotation(Metadata.class);
            if (path != null) {
                option(properties.putObject(field.getName()), index++, "path", field, path.label(),
                        metadata != null && metadata.required(), path.defaultValue(), path.description(), path.enums(),
                        path.javaType());
            } else if (param != null) {
                ObjectNode option = properties.putObject(field.getName());
                option(option, index++, "parameter", field, param.label(), false, param.defaultValue(),
                        param.description(), param.enums(), param.javaType());
                if (!param.prefix().isEmpty()) {
                    option.put("prefix", param.prefix());
                    option.put("multiValue", param.multiValue());
                }
            }
        }
        return root;
    }

    private static void option(ObjectNode option, int index, String kind, Field field, String label, boolean required,
                               String defaultValue, String description, String enums, String javaType) {
        option.put("index", index);
        option.put("kind", kind);
        option.put("displayName", displayName(field.getName()));
        option.put("group", label.isEmpty() ? "producer" : label);
        option.put("label", label);
        option.put("required", required);
        option.put("type", type(field.getType()));
        option.put("javaType", javaType.isEmpty() ? javaType(field) : javaType);
        if (!enums.isEmpty()) {
            var values = option.putArray("enum");
            for (String value : enums.split(",")) {
                values.add(value);
            }
        }
        option.put("deprecated", false);
        option.put("autowired", false);
        option.put("secret", false);
        if (!defaultValue.isEmpty()) {
            option.put("defaultValue", defaultValue);
        }
        option.put("description", description);
    }

    private static String type(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "integer";
        }
        if (type == double.class || type == Double.class) {
            return "number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        return Map.class.isAssignableFrom(type) ? "object" : "string";
    }

    private static String javaType(Field field) {
        return field.getType().isPrimitive() ? field.getType().getName() : field.getGenericType().getTypeName();
    }

    private static String displayName(String name) {
        String spaced = name.replaceAll("([a-z])([A-Z])", "$1 $2");
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static String constant(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
