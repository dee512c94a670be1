package io.mediagate.testsupport;

import java.io.StringWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;

/**
 * Every log line of this JVM, as the configured console pattern writes it, from {@link #start} until {@link #close}:
 * what a user reading the gateway's log would see.
 */
public final class LogCapture implements AutoCloseable {

    private final StringWriter lines = new StringWriter();
    private final String name;
    private final WriterAppender appender;

    private LogCapture(String name) {
        this.name = name;
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = WriterAppender.createAppender((StringLayout) config.getAppender("console").getLayout(), null, lines,
                name, false, true);
        appender.start();
        config.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    public static LogCapture start(String name) {
        return new LogCapture(name);
    }

    /** What was logged so far. */
    public String text() {
        return lines.toString();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(name);
        context.updateLoggers();
        appender.stop();
    }
}
