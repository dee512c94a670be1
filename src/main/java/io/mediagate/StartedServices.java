package io.mediagate;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What start-up opened (broker, sandbox, connections): each closed when the Camel context stops, after the routes so
 * consumers are gone first, or at once when start-up fails half-way, since a context that never starts never stops
 * its services and they would outlive the failed start in this JVM.
 */
final class StartedServices {

    private final CamelContext context;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    StartedServices(CamelContext context) {
        this.context = context;
    }

    /** Closes {@code resource} when the Camel context stops. */
    void stopWithContext(AutoCloseable resource) {
        started.push(resource);
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register a resource with Camel", e);
        }
    }

    /** Closes everything started so far, newest first; problems closing are added to {@code failure}. */
    void closeAfter(RuntimeException failure) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception closing) {
                failure.addSuppressed(closing);
            }
        }
    }
}
