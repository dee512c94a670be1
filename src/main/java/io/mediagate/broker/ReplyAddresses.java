package io.mediagate.broker;

import java.util.regex.Pattern;

/**
 * Where the gateway may send the answer to a queue request. The request's sender chooses its JMSReplyTo, but the
 * gateway sends with its own broker account, which may write everywhere: answered blindly, a reply-to naming
 * {@code mediagate.submit} would put a message into the gateway's own stage. So answers go only to the client's own
 * queues — a temporary queue, or a queue named with {@link #PREFIX} (which the client account may create and read,
 * see {@link BrokerAccount}) — or to {@link #RESULTS}. Any other reply-to is refused and the answer goes to the results
 * queue, saying why.
 */
public final class ReplyAddresses {

    /** The named reply queues of request senders: {@code mediagate.replies.<your-app>}. */
    public static final String PREFIX = "mediagate.replies.";
    /** The broker's match for every reply queue (address settings, security roles). */
    public static final String MATCH = PREFIX + "#";
    public static final String RESULTS = "mediagate.results";

    /** How the broker names temporary queues (Artemis Core and AMQP 1.0 clients alike): a random UUID. */
    private static final Pattern TEMPORARY = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A plain queue name after the prefix: no fully qualified {@code address::queue}, no wildcards. */
    private static final Pattern OWN_NAME = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-][A-Za-z0-9._-]*");

    private ReplyAddresses() {
    }

    /** Why the gateway does not answer to this reply address, or null when it may. */
    public static String refusal(String address) {
        if (address == null || address.equals(RESULTS) || TEMPORARY.matcher(address).matches() || OWN_NAME.matcher(address).matches()) {
            return null;
        }
        return "the reply address (JMSReplyTo) '" + address + "' is not one of the sender's own queues: answers go only to"
                + " a temporary queue, a queue named " + PREFIX + "<name>, or " + RESULTS + " (queues, never topics)";
    }
}
