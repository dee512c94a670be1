package io.mediagate.flow;

import io.mediagate.calls.VendorHttpMessages;
import io.mediagate.http.VendorRequest;
import io.mediagate.job.Job;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What a stage message carries from one stage to the next, and what a vendor request message carries out. */
class StageMessagesTest {

    private final CamelContext context = new DefaultCamelContext();

    private static Job accepted(long acceptedAt) {
        Job job = new Job();
        job.setId("j1");
        job.setVendor("opensearch");
        job.setOperation("object-detect");
        job.setStage(Job.Stage.submit);
        job.setAcceptedAt(acceptedAt);
        job.getSource().name = "cat.png";
        return job;
    }

    @Test
    void theFirstJobOfAnExchangeIsTheAcceptanceItsDuplicateIdNames() {
        Exchange exchange = new DefaultExchange(context);
        StageMessages.handOffFirst(exchange, accepted(1_000));

        Job first = StageMessages.firstJobOf(exchange);

        assertEquals("j1:1000", exchange.getMessage().getHeader(StageMessages.DUPLICATE_ID_HEADER));
        assertEquals("j1", first.getId());
        assertEquals(1_000, first.getAcceptedAt());
    }

    @Test
    void withoutAFirstHandOffTheFirstJobIsTheOneInTheBody() {
        Exchange exchange = new DefaultExchange(context);
        StageMessages.write(exchange.getMessage(), accepted(2_000));

        Job first = StageMessages.firstJobOf(exchange);

        assertEquals("j1", first.getId());
        assertEquals(2_000, first.getAcceptedAt());
    }

    @Test
    void aVendorRequestCarriesOnlyTheVendorsHeadersNotTheStageMessages() {
        Exchange exchange = new DefaultExchange(context);
        StageMessages.handOffFirst(exchange, accepted(1_000));
        exchange.getMessage().setHeader("JMSXDeliveryCount", 2);

        VendorHttpMessages.write(exchange, new VendorRequest("POST", "http://127.0.0.1:1/v1/detect", null,
                Map.of("Content-Type", "application/json"), "{\"image\":\"x\"}"));

        VendorRequest sent = VendorHttpMessages.request(exchange.getMessage());
        assertEquals(Map.of("Content-Type", "application/json"), sent.headers());
        assertEquals("http://127.0.0.1:1/v1/detect", sent.url());
        assertEquals("{\"image\":\"x\"}", sent.body());
        assertNull(exchange.getMessage().getHeader(StageMessages.JOB_ID_HEADER));
        assertNull(exchange.getMessage().getHeader("JMSXDeliveryCount"));
    }
}
