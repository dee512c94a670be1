package io.mediagate.flow;

import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A vendor's HTTP request and answer as the Camel message the route's HTTP endpoint sends and receives: URL, method,
 * query and body in Camel's headers and body, the vendor's own headers beside them.
 */
final class VendorHttpMessages {

    private static final String NETWORK_ERROR = VendorCalls.NETWORK_ERROR;

    private VendorHttpMessages() {
    }

    /** Puts the request on the message, in place of whatever it carried. */
    static void write(Exchange exchange, VendorRequest request) {
        exchange.removeProperty(NETWORK_ERROR);
        // A plain message in place of the JMS message the job came in (only the vendor's headers go out: nothing of
        // ours leaks into the request). The HTTP endpoint puts the answer on a new message of the kind it finds, and a
        // camel-jms message made without a JMS message behind it throws and catches a NullPointerException (stack
        // trace and all) while it is made: a tenth of the submit stage's CPU.
        Message message = new DefaultMessage(exchange);
        exchange.setMessage(message);
        request.headers().forEach(message::setHeader);
        message.setHeader(Exchange.HTTP_URI, request.url());
        message.setHeader(Exchange.HTTP_METHOD, request.method());
        if (request.query() != null) {
            message.setHeader(Exchange.HTTP_QUERY, request.query());
        }
        message.setBody(request.body());
    }

    /** The request on the message, as {@link #write} put it there. */
    static VendorRequest request(Message message) {
        return new VendorRequest(message.getHeader(Exchange.HTTP_METHOD, String.class),
                message.getHeader(Exchange.HTTP_URI, String.class), message.getHeader(Exchange.HTTP_QUERY, String.class),
                headers(message), message.getBody(String.class));
    }

    /** The vendor's answer on the message, or the network error that kept it from coming. */
    static VendorResponse response(Exchange exchange) {
        String networkError = exchange.getProperty(NETWORK_ERROR, String.class);
        if (networkError != null) {
            exchange.removeProperty(NETWORK_ERROR);
            return VendorResponse.networkFailure(networkError);
        }
        Message message = exchange.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return new VendorResponse(status == null ? 0 : status, message.getBody(String.class), headers(message), null);
    }

    /** The message's HTTP headers, without Camel's own. */
    private static Map<String, String> headers(Message message) {
        Map<String, String> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel")) {
                headers.put(name, value.toString());
            }
        });
        return headers;
    }
}
