package io.mediagate.component;

import io.mediagate.calls.VendorCallSteps;
import io.mediagate.calls.VendorHttpMessages;
import io.mediagate.http.VendorRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Sends vendor requests through Camel's HTTP component, as the gateway's vendor-call route does: the request's URL
 * travels in {@code CamelHttpUri}, so the application's {@code camel.component.http.*} settings (timeouts, pool,
 * proxy) apply to these calls too.
 */
final class VendorHttp implements AutoCloseable {

    private final CamelContext context;
    private final Producer producer;

    VendorHttp(CamelContext context) throws Exception {
        this.context = context;
        this.producer = context.getEndpoint("http://vendor-api?throwExceptionOnFailure=false").createProducer();
        ServiceHelper.startService(producer);
    }

    VendorCallSteps.Sent send(VendorRequest request) {
        Exchange exchange = new DefaultExchange(context);
        VendorHttpMessages.write(exchange, request);
        try {
            producer.process(exchange);
        } catch (Exception e) {
            VendorHttpMessages.failed(exchange, e);
        }
        if (exchange.getException() != null) {
            VendorHttpMessages.failed(exchange, exchange.getException());
            exchange.setException(null);
        }
        return VendorHttpMessages.sent(exchange);
    }

    @Override
    public void close() {
        ServiceHelper.stopService(producer);
    }
}
