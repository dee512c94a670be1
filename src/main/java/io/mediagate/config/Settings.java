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

    /** The retry policy of vendor calls: {@code mediagate.retry.*}. */
    public io.mediagate.job.RetryPolicy retryPolicy() {
        return new io.mediagate.job.RetryPolicy(
                duration("mediagate.retry.initial-delay"),
                decimal("mediagate.retry.backoff-factor"),
                duration("mediagate.retry.max-delay"),
                integer("mediagate.retry.max-attempts"));
    }

    /**
     * The polling policy of an operation: {@code mediagate.<vendor>.<operation>.poll.*}, else the vendor's
     * {@code mediagate.<vendor>.poll.*}, else the gateway's {@code mediagate.poll.*}. Setting any of the schedule's
     * figures for the vendor or operation yourself turns learning off there: explicit settings win.
     */
    public io.mediagate.job.PollPolicy pollPolicy(String vendor, String operation) {
        Function<String, String> setting = name -> first("mediagate." + vendor + "." + operation + ".poll." + name,
                "mediagate." + vendor + ".poll." + name).orElseGet(() -> string("mediagate.poll." + name));
        return new io.mediagate.job.PollPolicy(parse("mediagate.poll.first-delay", setting.apply("first-delay"), Settings::parseDuration, DURATION),
                parse("mediagate.poll.backoff-factor", setting.apply("backoff-factor"), Double::parseDouble, NUMBER),
                parse("mediagate.poll.max-interval", setting.apply("max-interval"), Settings::parseDuration, DURATION),
                parse("mediagate.poll.deadline", setting.apply("deadline"), Settings::parseDuration, DURATION),
                adaptive(vendor, operation));
    }

    /**
     * Whether an operation's polls learn its processing time: {@code adaptive} set for the operation or its vendor
     * decides; else the gateway-wide one, unless the user changed the operation's or vendor's schedule figures.
     */
    private boolean adaptive(String vendor, String operation) {
        Optional<String> own = first("mediagate." + vendor + "." + operation + ".poll.adaptive", "mediagate." + vendor + ".poll.adaptive");
        if (own.isPresent()) {
            return Boolean.parseBoolean(own.get());
        }
        return bool("mediagate.poll.adaptive") && !changedFromShipped(vendor, operation);
    }

    /** Whether the user changed one of the schedule's figures for this vendor or operation from what ships. */
    private boolean changedFromShipped(String vendor, String operation) {
        for (String prefix : new String[] {"mediagate." + vendor + "." + operation + ".poll.", "mediagate." + vendor + ".poll."}) {
            for (String figure : new String[] {"first-delay", "backoff-factor", "max-interval"}) {
                String key = prefix + figure;
                Optional<String> own = lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
                if (own.isPresent() && !own.get().equals(ShippedDefaults.get(key))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The value of a setting: the user's (file, environment, JVM property), else the shipped default (which may name
     * other settings as {@code {{key}}} or {@code {{env:NAME:default}}}); empty when neither sets it.
     */
    public Optional<String> get(String key) {
        Optional<String> own = lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        if (own.isPresent()) {
            return own;
        }
        return Optional.ofNullable(ShippedDefaults.get(key)).map(this::resolvePlaceholders).filter(v -> !v.isEmpty());
    }

    /** A setting that always has a value (the shipped file gives its default). */
    public String string(String key) {
        return get(key).orElseThrow(() -> new IllegalStateException("setting " + key
                + " is not set and config/application.properties gives no default"));
    }

    /** A value whose default is a vendor's fact (its public endpoint) or derived from other settings. */
    public String string(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int integer(String key) {
        return parse(key, string(key), Integer::parseInt, "a whole number");
    }

    public double decimal(String key) {
        return parse(key, string(key), Double::parseDouble, NUMBER);
    }

    public boolean bool(String key) {
        return Boolean.parseBoolean(string(key));
    }

    public Duration duration(String key) {
        return parse(key, string(key), Settings::parseDuration, DURATION);
    }

    /** What a value of each kind is written as, said when one cannot be read. */
    private static final String DURATION = "a duration such as 500ms, 5s, 2m, 1h or PT5S";
    private static final String NUMBER = "a number";

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{\\{([^{}]+)}}");

    /** Resolves {@code {{key}}} and {@code {{env:NAME:default}}} as Camel's placeholders do. */
    private String resolvePlaceholders(String value) {
        return PLACEHOLDER.matcher(value).replaceAll(match -> {
            String name = match.group(1);
            String resolved;
            if (name.startsWith("env:")) {
                String[] parts = name.substring(4).split(":", 2);
                resolved = Optional.ofNullable(System.getenv(parts[0])).orElse(parts.length > 1 ? parts[1] : "");
            } else {
                resolved = get(name).orElse("");
            }
            return java.util.regex.Matcher.quoteReplacement(resolved);
        });
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

    /** A figure whose default is a vendor's documented fact (e.g. its QPS), not a setting of ours. */
    public double decimal(String key, double fallback) {
        return get(key).map(v -> parse(key, v, Double::parseDouble, NUMBER)).orElse(fallback);
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

    private static <T> T parse(String key, String value, Function<String, T> parser, String expected) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting " + key + " has an unreadable value '" + value + "' (write " + expected + ")", e);
        }
    }
}
