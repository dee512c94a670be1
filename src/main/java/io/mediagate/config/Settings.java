package io.mediagate.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Typed read access to the {@code mediagate.*} settings. Values come from Camel's property placeholders
 * (so {@code config/application.properties}, JVM system properties and environment variables such as
 * {@code MEDIAGATE_DATA_DIR} all work, with Camel's usual precedence).
 */
public final class Settings {

    private final Function<String, Optional<String>> lookup;
    private final Supplier<Set<String>> keys;

    public Settings(Function<String, Optional<String>> lookup, Supplier<Set<String>> keys) {
        this.lookup = lookup;
        this.keys = keys;
    }

    /** Settings from a plain map, for tests and the standalone sandbox. */
    public static Settings of(Map<String, String> values) {
        Map<String, String> copy = new TreeMap<>(values);
        return new Settings(k -> Optional.ofNullable(copy.get(k)).filter(v -> !v.isBlank()), copy::keySet);
    }

    /** Settings from JVM system properties, else environment variables ({@code a.b-c} → {@code A_B_C}). */
    public static Settings fromSystem() {
        return new Settings(k -> Optional.ofNullable(System.getProperty(k))
                .or(() -> Optional.ofNullable(System.getenv(k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')))),
                () -> System.getProperties().stringPropertyNames());
    }

    /**
     * Settings of a command that runs without Camel (e.g. {@code status}): system properties, then environment
     * variables, then the properties file. Placeholders in the file are not resolved; such keys are not used here.
     */
    public static Settings fromSystemAndFile(Path file) {
        java.util.Properties properties = new java.util.Properties();
        if (Files.isReadable(file)) {
            try (java.io.Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read " + file, e);
            }
        }
        Settings system = fromSystem();
        return new Settings(k -> system.get(k).or(() -> Optional.ofNullable(properties.getProperty(k))
                        .map(String::trim).filter(v -> !v.isBlank())),
                properties::stringPropertyNames);
    }

    /**
     * The retry policy of vendor calls: {@code mediagate.retry.*}, else the seed's advice (start at 1 s, double each
     * time, at most 5 attempts; cap 30 s).
     */
    public io.mediagate.job.RetryPolicy retryPolicy() {
        return new io.mediagate.job.RetryPolicy(
                duration("mediagate.retry.initial-delay", Duration.ofSeconds(1)),
                decimal("mediagate.retry.backoff-factor", 2.0),
                duration("mediagate.retry.max-delay", Duration.ofSeconds(30)),
                integer("mediagate.retry.max-attempts", 5));
    }

    /**
     * The polling policy of an operation: {@code mediagate.<vendor>.<operation>.poll.*}, else the vendor's
     * {@code mediagate.<vendor>.poll.*}, else the gateway's {@code mediagate.poll.*}, else the seeds' advice
     * (5 s, ×1.5, at most 30 s, 2 h deadline).
     */
    public io.mediagate.job.PollPolicy pollPolicy(String vendor, String operation) {
        String op = "mediagate." + vendor + "." + operation + ".poll.";
        String vendorWide = "mediagate." + vendor + ".poll.";
        String global = "mediagate.poll.";
        Duration first = first(op + "first-delay", vendorWide + "first-delay", global + "first-delay")
                .map(Settings::parseDuration).orElse(Duration.ofSeconds(5));
        double factor = first(op + "backoff-factor", vendorWide + "backoff-factor", global + "backoff-factor")
                .map(Double::parseDouble).orElse(1.5);
        Duration max = first(op + "max-interval", vendorWide + "max-interval", global + "max-interval")
                .map(Settings::parseDuration).orElse(Duration.ofSeconds(30));
        Duration deadline = first(op + "deadline", vendorWide + "deadline", global + "deadline")
                .map(Settings::parseDuration).orElse(Duration.ofHours(2));
        return new io.mediagate.job.PollPolicy(first, factor, max, deadline);
    }

    public Optional<String> get(String key) {
        return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** The first of the keys that is set, e.g. an operation's own setting before the vendor's. */
    public Optional<String> first(String... candidates) {
        for (String key : candidates) {
            Optional<String> value = get(key);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    public int integer(String key, int fallback) {
        return get(key).map(v -> parse(key, v, Integer::parseInt)).orElse(fallback);
    }

    public double decimal(String key, double fallback) {
        return get(key).map(v -> parse(key, v, Double::parseDouble)).orElse(fallback);
    }

    public boolean bool(String key, boolean fallback) {
        return get(key).map(Boolean::parseBoolean).orElse(fallback);
    }

    public Duration duration(String key, Duration fallback) {
        return get(key).map(v -> parse(key, v, Settings::parseDuration)).orElse(fallback);
    }

    /** Every key that starts with {@code prefix}, mapped to its value, with the prefix removed. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (String key : keys.get()) {
            if (key.startsWith(prefix)) {
                get(key).ifPresent(v -> out.put(key.substring(prefix.length()), v));
            }
        }
        return out;
    }

    /** Reads {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, ISO-8601 {@code PT5S}, or plain milliseconds. */
    public static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("pt") || value.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
        }
        char unit = value.charAt(value.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofMillis(Long.parseLong(value));
        }
        double amount = Double.parseDouble(value.substring(0, value.length() - 1).trim());
        long millis = switch (unit) {
            case 's' -> (long) (amount * 1000);
            case 'm' -> (long) (amount * 60_000);
            case 'h' -> (long) (amount * 3_600_000);
            case 'd' -> (long) (amount * 86_400_000);
            default -> throw new IllegalArgumentException("unknown duration unit '" + unit + "' in " + text);
        };
        return Duration.ofMillis(millis);
    }

    private static <T> T parse(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting " + key + " has an unreadable value '" + value + "'", e);
        }
    }
}
