package io.mediagate.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The default of every setting: {@code config/application.properties} as this release ships it, copied into the jar
 * by the build. A user's own file, the environment and JVM properties override it key by key; a key they leave
 * out keeps the shipped value. No default is written anywhere else (not in Java code).
 */
public final class ShippedDefaults {

    /** Where the build puts the shipped file on the classpath (see the pom's resources). */
    public static final String RESOURCE = "mediagate/application.properties";

    private static final Properties DEFAULTS = load();

    private ShippedDefaults() {
    }

    /** A copy of the shipped settings, e.g. for Camel's initial (lowest-precedence) properties. */
    public static Properties properties() {
        Properties copy = new Properties();
        copy.putAll(DEFAULTS);
        return copy;
    }

    static String get(String key) {
        String value = DEFAULTS.getProperty(key);
        return value == null ? null : value.trim();
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = ShippedDefaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath (the build copies "
                        + "config/application.properties there)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return properties;
    }
}
