package io.mediagate.calls;

import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A vendor's HTTP request and answer as the Camel message Camel's HTTP endpoint sends and receives: URL, method,
 * query and body in Camel's headers and body, the vendor's own headers beside them. The gateway's vendor-call route
 * and the mediagate component send their calls through that endpoint alike.
 */
public final class VendorHttpMessages {

    /** Exchange property set when the HTTP call failed without an answer (an IOException: its message). */
    public static final String NETWORK_ERROR = "mediagateNetworkError";
    /** Exchange property set when the HTTP call could not even be sent (an exception that is no IOException). */
    public static final String UNSENT_ERROR = "mediagateUnsentError";
    /** Exchange property: {@link System#nanoTime()} when the request was put on the message, for the call's latency. */
    static final String STARTED = "mediagateCallStarted";

    private VendorHttpMessages() {
    }

    /** Puts the request on the message, in place of whatever it carried. */
    public static void write(Exchange exchange, VendorRequest request) {
        exchange.removeProperty(NETWORK_ERROR);
        exchange.setProperty(STARTED, System.nanoTime());
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
    public static VendorRequest request(Message message) {
        return new VendorRequest(message.getHeader(Exchange.HTTP_METHOD, String.class),
                message.getHeader(Exchange.HTTP_URI, String.class), message.getHeader(Exchange.HTTP_QUERY, String.class),
                headers(message), message.getBody(String.class));
    }

    /**
     * Records why the HTTP endpoint threw instead of answering, as the vendor-call route's doCatch does: an
     * IOException (in the cause chain) is a network error, anything else a request that was never sent.
     */
    public static void failed(Exchange exchange, Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException io) {
                exchange.setProperty(NETWORK_ERROR, io.getMessage());
                exchange.setProperty(Exchange.EXCEPTION_CAUGHT, io);
                return;
            }
        }
        exchange.setProperty(UNSENT_ERROR, error);
    }

    /**
     * What became of the request sent from this exchange: its answer, or the error the HTTP endpoint threw, as the
     * sender recorded it in {@link #NETWORK_ERROR} (with Camel's caught exception) or {@link #UNSENT_ERROR}.
     */
    public static VendorCallSteps.Sent sent(Exchange exchange) {
        Throwable unsent = exchange.getProperty(UNSENT_ERROR, Throwable.class);
        if (unsent != null) {
            exchange.removeProperty(UNSENT_ERROR);
            return new VendorCallSteps.Sent(null, null, unsent, exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class), 0);
        }
        Throwable networkError = null;
        String networkMessage = exchange.getProperty(NETWORK_ERROR, String.class);
        if (networkMessage != null) {
            networkError = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            if (networkError == null) {
                networkError = new java.io.IOException(networkMessage);
            }
        }
        Long started = exchange.getProperty(STARTED, Long.class);
        return new VendorCallSteps.Sent(response(exchange), networkError, null,
                exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class), started == null ? 0 : System.nanoTime() - started);
    }

    /** The vendor's answer on the message, or the network error that kept it from coming. */
    private static VendorResponse response(Exchange exchange) {
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
