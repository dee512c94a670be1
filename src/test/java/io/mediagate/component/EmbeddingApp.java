package io.mediagate.component;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A plain Camel application that embeds mediagate, as a user's would: no gateway, only the {@code mediagate:}
 * component found on the classpath and the {@code mediagate.*} properties the application sets.
 */
final class EmbeddingApp {

    private EmbeddingApp() {
    }

    /**
     * Properties for the in-process sandbox: short tasks, QPS budgets high enough for many exchanges at once, and few
     * sandbox threads (they are created as requests come, and must not blur the test's thread count).
     */
    static Map<String, String> sandboxed() {
        Map<String, String> properties = new HashMap<>();
        properties.put("mediagate.sandbox.enabled", "true");
        properties.put("mediagate.sandbox.task-duration", "500ms");
        properties.put("mediagate.sandbox.threads", "4");
        properties.put("mediagate.sandbox.opensearch.qps.image-analysis", "2000");
        properties.put("mediagate.sandbox.opensearch.qps.detection", "2000");
        properties.put("mediagate.opensearch.rate.image-analysis", "1000");
        properties.put("mediagate.opensearch.rate.detection", "1000");
        return properties;
    }

    /** This build's version, the one the shipped kamelets and metadata name. */
    static String projectVersion() throws java.io.IOException {
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("<artifactId>mediagate</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml")));
        if (!version.find()) {
            throw new IllegalStateException("no version in pom.xml");
        }
        return version.group(1);
    }

    static CamelContext context(Map<String, String> properties) {
        CamelContext context = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.putAll(properties);
        context.getPropertiesComponent().setInitialProperties(initial);
        return context;
    }
}
