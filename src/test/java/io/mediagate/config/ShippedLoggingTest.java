package io.mediagate.config;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped logging configuration (src/main/resources/log4j2.properties) is the only one: the console by default,
 * a file with {@code mediagate.log.to=file} (named by {@code mediagate.log.file}) — with the same levels and line pattern either way, so what the
 * benchmarks log (to a file) is what a user's gateway logs.
 */
class ShippedLoggingTest {

    private LoggerContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        System.clearProperty("mediagate.log.to");
        System.clearProperty("mediagate.log.file");
    }

    @Test
    void logsToTheConsoleByDefaultAndCreatesNoFile() throws Exception {
        context = shipped("default");

        assertEquals(Set.of("console"), context.getConfiguration().getRootLogger().getAppenders().keySet());
        context.getLogger("mediagate.progress").info("progress: 1 done");
        assertFalse(Files.exists(Path.of("logs/mediagate.log")), "no log file unless one is asked for");
    }

    @Test
    void aFileNamedByTheSettingGetsTheShippedLinesAndLevels(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/gateway.log");
        System.setProperty("mediagate.log.to", "file");
        System.setProperty("mediagate.log.file", file.toString());
        context = shipped("to-file");
        assertEquals(Set.of("file"), context.getConfiguration().getRootLogger().getAppenders().keySet());

        context.getLogger("mediagate.progress").info("progress: 1 done");
        context.getLogger("org.apache.activemq.audit.message").info("AMQ601500: audit of every message");
        context.getLogger("org.apache.camel.impl.engine").info("camel chatter at info");
        context.getLogger("org.quartz.core.QuartzScheduler").info("Quartz Scheduler v2.5.2 created.");
        context.getLogger("io.mediagate.flow.Delivery").warn("Failed a.png:\nforged line");
        context.stop();

        String log = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(log.contains("INFO  progress") && log.contains("progress: 1 done"), log);
        assertTrue(log.contains("Failed a.png:\\nforged line"), "one event, one line, as on the console: " + log);
        assertFalse(log.contains("AMQ601500"), "Artemis' audit log stays off: " + log);
        assertFalse(log.contains("camel chatter"), "Camel at WARN: " + log);
        assertFalse(log.contains("Quartz Scheduler v2.5.2 created"), "Quartz (the housekeeping schedules) at WARN: " + log);
    }

    private static LoggerContext shipped(String name) throws Exception {
        URI shipped = ShippedLoggingTest.class.getResource("/log4j2.properties").toURI();
        LoggerContext context = new LoggerContext("shipped-logging-" + name);
        context.start(ConfigurationFactory.getInstance().getConfiguration(context, name, shipped));
        return context;
    }
}
