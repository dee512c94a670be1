package io.mediagate.component;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.testsupport.LiveSandbox;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.vendors.VendorOperation;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The action kamelets shipped under {@code kamelets/}: one per vendor operation, as the catalog writes them
 * ({@link ActionKamelets}), each in the shape of a camel-kamelets catalog entry; and two of them run from the
 * classpath in a plain Camel application, a sync and an async operation, against the sandbox.
 */
class ActionKameletsTest {

    private static final Set<String> PROPERTY_TYPES = Set.of("string", "boolean", "integer", "number");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\??)([A-Za-z]+)}}");

    private static CamelContext context;
    private static List<VendorOperation> operations;

    @BeforeAll
    static void start() throws Exception {
        context = EmbeddingApp.context(EmbeddingApp.sandboxed());
        context.start();
        MediagateComponent component = context.getComponent("mediagate", MediagateComponent.class);
        operations = List.copyOf(component.services().registry().operations());
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    @Test
    void everyOperationHasItsKameletAsTheCatalogWritesIt() throws Exception {
        String version = EmbeddingApp.projectVersion();
        Path folder = Path.of(ActionKamelets.FOLDER);
        boolean write = Boolean.getBoolean("kamelets.write");
        List<String> stale = new ArrayList<>();
        for (VendorOperation operation : operations) {
            Path file = folder.resolve(ActionKamelets.fileName(operation.spec()));
            String expected = ActionKamelets.yaml(operation, version);
            if (write) {
                Files.createDirectories(folder);
                Files.writeString(file, expected);
            }
            if (!Files.exists(file) || !Files.readString(file).equals(expected)) {
                stale.add(file.getFileName().toString());
            }
        }
        assertEquals(List.of(), stale, "kamelets that are not what the catalog writes: run ActionKameletsTest with"
                + " -Dkamelets.write=true and commit the files");
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(new TreeSet<>(ActionKamelets.names(operations)),
                    new TreeSet<>(files.map(f -> f.getFileName().toString()).toList()), "one kamelet per operation, no other");
        }
    }

    /**
     * A kamelet's secrets must not show in logs: Camel masks endpoint URI options whose names it knows as secret
     * ({@code URISupport.sanitizeUri}: apiKey, secretKey, token, …, but not {@code api-key}), and the URIs of failed
     * exchanges, message histories and the route dump go through it.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyKameletsSecretsAreMaskedInTheEndpointUrisCamelLogs() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(ActionKamelets.FOLDER))) {
            for (Path file : files.toList()) {
                Map<String, Object> kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build())
                        .loadFromString(Files.readString(file));
                Map<String, Object> properties = map(map(map(kamelet, "spec"), "definition"), "properties");
                Map<String, Object> to = map((Map<String, Object>) ((List<Object>) map(map(map(kamelet, "spec"),
                        "template"), "from").get("steps")).get(0), "to");
                StringBuilder uri = new StringBuilder((String) to.get("uri")).append('?');
                List<String> secrets = new ArrayList<>();
                for (Map.Entry<String, Object> parameter : map(to, "parameters").entrySet()) {
                    String property = String.valueOf(parameter.getValue()).replaceAll("[{}?]", "");
                    Object definition = properties.get(property);
                    boolean secret = definition != null && "password".equals(((Map<String, Object>) definition).get("format"));
                    String value = secret ? "s3cret-" + property : "plain";
                    if (secret) {
                        secrets.add(value);
                    }
                    uri.append(parameter.getKey()).append('=').append(value).append('&');
                }
                String logged = org.apache.camel.util.URISupport.sanitizeUri(uri.toString());
                for (String secret : secrets) {
                    assertTrue(!logged.contains(secret), file.getFileName() + ": " + logged);
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyKameletHasTheShapeOfACatalogActionKamelet() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(ActionKamelets.FOLDER))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString().replace(".kamelet.yaml", "");
                Map<String, Object> kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build())
                        .loadFromString(Files.readString(file));
                assertEquals("camel.apache.org/v1", kamelet.get("apiVersion"), name);
                assertEquals("Kamelet", kamelet.get("kind"), name);
                Map<String, Object> metadata = map(kamelet, "metadata");
                assertEquals(name, metadata.get("name"));
                assertTrue(name.endsWith("-action"), name);
                assertEquals("action", map(metadata, "labels").get("camel.apache.org/kamelet.type"), name);
                Map<String, Object> annotations = map(metadata, "annotations");
                for (String annotation : List.of("camel.apache.org/kamelet.support.level", "camel.apache.org/provider",
                        "camel.apache.org/kamelet.group", "camel.apache.org/catalog.version")) {
                    assertNotNull(annotations.get(annotation), name + " " + annotation);
                }
                assertTrue(((String) annotations.get("camel.apache.org/kamelet.icon")).startsWith("data:image/svg+xml;base64,"), name);

                Map<String, Object> spec = map(kamelet, "spec");
                Map<String, Object> definition = map(spec, "definition");
                assertTrue(((String) definition.get("title")).endsWith(" Action"), name);
                assertTrue(((String) definition.get("description")).length() > 40, name);
                assertEquals("object", definition.get("type"), name);
                Map<String, Object> properties = map(definition, "properties");
                for (String required : (List<String>) definition.getOrDefault("required", List.of())) {
                    assertTrue(properties.containsKey(required), name + " requires an undefined " + required);
                }
                properties.forEach((property, value) -> {
                    Map<String, Object> schema = (Map<String, Object>) value;
                    assertNotNull(schema.get("title"), name + "." + property);
                    assertNotNull(schema.get("description"), name + "." + property);
                    assertTrue(PROPERTY_TYPES.contains(schema.get("type")), name + "." + property + ": " + schema.get("type"));
                    if ("password".equals(schema.get("format"))) {
                        assertEquals(List.of("urn:camel:group:credentials"), schema.get("x-descriptors"), name + "." + property);
                    }
                });
                assertTrue(((List<String>) spec.get("dependencies")).stream().anyMatch(d -> d.startsWith("mvn:io.mediagate:mediagate:")), name);

                Map<String, Object> from = map(map(spec, "template"), "from");
                assertEquals("kamelet:source", from.get("uri"), name);
                Map<String, Object> to = map((Map<String, Object>) ((List<Object>) from.get("steps")).get(0), "to");
                assertTrue(((String) to.get("uri")).startsWith("mediagate:"), name);
                assertTrue(operations.stream().anyMatch(o -> to.get("uri").equals("mediagate:" + o.spec().key())), name);
                // every value the template takes is a property of the definition; one without a default is optional
                for (Object value : map(to, "parameters").values()) {
                    Matcher placeholder = PLACEHOLDER.matcher(value.toString());
                    assertTrue(placeholder.matches(), name + ": " + value);
                    Map<String, Object> schema = (Map<String, Object>) properties.get(placeholder.group(2));
                    assertNotNull(schema, name + " uses an undefined " + placeholder.group(2));
                    assertTrue(!placeholder.group(1).isEmpty() || schema.containsKey("default"), name + ": " + value);
                }
            }
        }
    }

    @Test
    void aSyncKameletFromTheClasspathAnswersWithTheEnvelope() throws Exception {
        // "} }", not "}}": Camel would take that for the end of a property placeholder
        route("direct:detect", "kamelet:opensearch-object-detect-action?params={\"parameters\": {\"max_results\": 2} }");
        ProducerTemplate template = context.createProducerTemplate();
        Exchange answer = template.request("direct:detect", exchange -> {
            exchange.getMessage().setBody(TestMedia.image("jpg", 64, 48));
            exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, "street.jpg");
        });

        assertNull(answer.getException());
        JsonNode envelope = Json.read(answer.getMessage().getBody(String.class), JsonNode.class);
        assertEquals("succeeded", envelope.path("status").asText());
        assertEquals("object-detect", envelope.path("job").path("operation").asText());
        assertEquals(2, envelope.path("job").path("params").path("parameters").path("max_results").asInt(), envelope.toString());
        assertEquals("succeeded", answer.getMessage().getHeader(MediagateConstants.STATUS));
    }

    @Test
    void anAsyncKameletFromTheClasspathPollsItsTaskToTheEnd() throws Exception {
        route("direct:analyze", "kamelet:opensearch-image-analyze-action?pollFirstDelay=200ms&pollMaxInterval=1s");
        Exchange answer = context.createProducerTemplate().request("direct:analyze", exchange -> {
            exchange.getMessage().setBody(TestMedia.image("png", 64, 48));
            exchange.getMessage().setHeader(MediagateConstants.FILE_NAME, "invoice.png");
        });

        assertNull(answer.getException());
        JsonNode envelope = Json.read(answer.getMessage().getBody(String.class), JsonNode.class);
        assertEquals("succeeded", envelope.path("status").asText());
        assertEquals("image-analyze", envelope.path("job").path("operation").asText());
        assertNotNull(answer.getMessage().getHeader(MediagateConstants.TASK_ID));
        assertTrue(envelope.path("job").path("polls").asInt() >= 1, envelope.toString());
    }

    @Test
    void aKameletsCredentialsAndEndpointAreTheOnesItsCallsUse() throws Exception {
        try (LiveSandbox live = new LiveSandbox()) {
            route("direct:detect-live", "kamelet:opensearch-object-detect-action?apiKey=" + LiveSandbox.OPENSEARCH_KEY
                    + "&endpoint=" + live.server().baseUrl("opensearch"));
            route("direct:detect-wrong-key", "kamelet:opensearch-object-detect-action?apiKey=not-" + LiveSandbox.OPENSEARCH_KEY
                    + "&endpoint=" + live.server().baseUrl("opensearch"));
            ProducerTemplate template = context.createProducerTemplate();

            String answer = template.requestBodyAndHeader("direct:detect-live", TestMedia.image("png", 32, 32),
                    MediagateConstants.FILE_NAME, "live.png", String.class);
            Exchange rejected = template.request("direct:detect-wrong-key", exchange -> {
                exchange.getMessage().setBody(TestMedia.image("png", 32, 32));
                exchange.getMessage().setHeader(MediagateConstants.FILE_NAME, "rejected.png");
            });

            assertEquals("live", Json.read(answer, JsonNode.class).path("vendor").path("service").asText());
            assertEquals(2, live.server().control().calls("opensearch", "ops-object-detect-001"), "both calls went to the endpoint given");
            assertEquals("auth", ((MediagateVendorException) rejected.getException()).getKind());
        }
    }

    private static void route(String from, String to) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to(to);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(value instanceof Map, key + " is no mapping: " + value);
        return (Map<String, Object>) value;
    }
}
