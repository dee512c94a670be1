package io.mediagate.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code mediagate.*} settings of a Camel application: its properties (files, JVM properties, environment). */
public final class CamelSettings {

    private CamelSettings() {
    }

    /** Settings backed by the context's properties; a key none of them sets keeps its shipped default. */
    public static Settings of(CamelContext context) {
        return of(context, Map.of());
    }

    /** @param overrides settings that win over the context's properties (a component's own options) */
    public static Settings of(CamelContext context, Map<String, String> overrides) {
        PropertiesComponent properties = context.getPropertiesComponent();
        return new Settings(key -> {
            if (overrides.containsKey(key)) {
                return Optional.of(overrides.get(key));
            }
            try {
                return properties.resolveProperty(key);
            } catch (RuntimeException unresolvable) {
                return Optional.empty();
            }
        }, () -> {
            Set<String> keys = new java.util.TreeSet<>();
            properties.loadProperties().stringPropertyNames().forEach(keys::add);
            // an application that embeds mediagate has the shipped settings only as defaults, not among its properties
            ShippedDefaults.properties().stringPropertyNames().forEach(keys::add);
            System.getProperties().stringPropertyNames().forEach(keys::add);
            return keys;
        });
    }
}
