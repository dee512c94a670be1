package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsConsumer;
import org.apache.camel.component.jms.JmsEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jms.listener.AbstractMessageListenerContainer;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What "one JMS commit per stage" rests on, in the running gateway's own routes. A stage takes its job from a queue
 * and sends the next stage's message; both must be one commit of the listener's transacted session. Given only
 * {@code transacted=true}, camel-jms creates a JmsTransactionManager for the listener container: the acknowledgement
 * and the send then live in two sessions committed one after the other (MediagateConfiguration), so a crash between
 * the two commits loses the job (1-2 jobs of 300 vanished in the crash test before
 * {@code lazyCreateTransactionManager(false)}, commit 4245586). So every transacted consumer must run without a transaction
 * manager, on a transacted session that is exposed to the route's producers.
 */
class StageTransactionsTest {

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.onDefaults();

    @Test
    void every_stage_acknowledges_its_job_and_sends_the_next_in_one_transaction_of_the_listener_session() throws Exception {
        Set<String> queues = new TreeSet<>();
        for (Route route : gateway.context().getRoutes()) {
            if (!(route.getConsumer() instanceof JmsConsumer consumer)) {
                continue;
            }
            JmsEndpoint endpoint = consumer.getEndpoint();
            if (endpoint.getDestinationName().equals("mediagate.housekeeping")) {
                // no job: a housekeeping run, not transacted on purpose (config/application.properties: reconciliation's
                // sends must each see the broker refuse a job it already has)
                assertFalse(endpoint.isTransacted(), "housekeeping runs outside a transaction");
                continue;
            }
            queues.add(endpoint.getDestinationName());
            AbstractMessageListenerContainer container = consumer.getListenerContainer();
            String which = route.getRouteId() + " (" + endpoint.getEndpointUri() + ")";
            assertTrue(endpoint.isTransacted(), which + " takes its jobs in a transaction");
            assertTrue(container.isSessionTransacted(), which + ": the listener's session is transacted");
            assertTrue(container.isExposeListenerSession(), which + ": the route's sends use the listener's session");
            assertNull(endpoint.getConfiguration().getTransactionManager(), which + " has a transaction manager of its"
                    + " own: the acknowledgement and the next stage's send would be two commits");
        }
        assertEquals(Set.of("mediagate.deliver", "mediagate.gather", "mediagate.poll", "mediagate.requests", "mediagate.submit"),
                queues, "the routes that take jobs from the broker");
    }
}
