package io.mediagate.broker;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The logins of the embedded broker once it listens beyond the process. There is no anonymous access and no guest:
 * <ul>
 *   <li>the <b>gateway account</b> ({@code MEDIAGATE_BROKER_USER} / {@code MEDIAGATE_BROKER_PASSWORD}) may do
 *       everything: the gateway's own in-VM connection, the {@code status} command, other gateways;</li>
 *   <li>the optional <b>client account</b> ({@code MEDIAGATE_BROKER_CLIENT_USER} / {@code _PASSWORD}) is for systems
 *       that send job requests: it may send to {@code mediagate.requests}, read {@code mediagate.results}, subscribe to
 *       the job events topic {@code mediagate.events} (not publish on it), and use its
 *       own queues (reply queues named {@code mediagate.replies.<name>}, temporary ones, others outside the
 *       {@code mediagate.} names) — never the gateway's stage queues or the management address. The gateway answers
 *       only to the reply queues and temporary ones ({@link ReplyAddresses}).</li>
 * </ul>
 */
public final class BrokerAccount implements ActiveMQSecurityManager3 {

    private static final String REQUESTS = "mediagate.requests";
    private static final String RESULTS = "mediagate.results";
    /** The job events topic: subscribed to, never published to, by the client account. */
    private static final String EVENTS = "mediagate.events";

    private final String user;
    private final byte[] password;
    private final String clientUser;
    private final byte[] clientPassword;

    public BrokerAccount(String user, String password) {
        this(user, password, null, null);
    }

    /** @param clientUser the request senders' login (null: they use the gateway account) */
    public BrokerAccount(String user, String password, String clientUser, String clientPassword) {
        if (blank(user) || blank(password)) {
            throw new IllegalArgumentException("a broker account needs a user and a password");
        }
        if (clientUser != null && (blank(clientPassword) || clientUser.equals(user))) {
            throw new IllegalArgumentException("the client account needs its own user name and a password");
        }
        this.user = user;
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.clientUser = clientUser;
        this.clientPassword = clientPassword == null ? null : clientPassword.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    public String user() {
        return user;
    }

    /** Whether this is the gateway account's login (not the client account's): the dashboard's login too. */
    public boolean isGatewayAccount(String user, String password) {
        return isGateway(user, password);
    }

    private boolean isGateway(String user, String password) {
        return this.user.equals(user) && matches(this.password, password);
    }

    private boolean isClient(String user, String password) {
        return clientUser != null && clientUser.equals(user) && matches(clientPassword, password);
    }

    /** Constant time: no timing hint about how much of a guessed password was right. */
    private static boolean matches(byte[] expected, String given) {
        return given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String validateUser(String user, String password, RemotingConnection connection) {
        return isGateway(user, password) || isClient(user, password) ? user : null;
    }

    @Override
    public String validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType, String address,
                                      RemotingConnection connection) {
        if (isGateway(user, password)) {
            return user;
        }
        return isClient(user, password) && clientMay(checkType, address) ? user : null;
    }

    /** What a request sender may do where: requests in, results out, job events read, and its own queues. */
    static boolean clientMay(CheckType checkType, String address) {
        String name = address == null ? "" : address;
        int fqqn = name.indexOf("::");
        String base = fqqn < 0 ? name : name.substring(0, fqqn);
        boolean own = base.startsWith(ReplyAddresses.PREFIX)
                || !base.startsWith("mediagate.") && !base.startsWith("activemq.") && !base.startsWith("$");
        if (base.equals(EVENTS)) {
            return subscriberMay(checkType);
        }
        return switch (checkType) {
            case SEND -> own || base.equals(REQUESTS);
            case CONSUME, BROWSE -> own || base.equals(RESULTS);
            case CREATE_ADDRESS, CREATE_DURABLE_QUEUE, CREATE_NON_DURABLE_QUEUE, DELETE_NON_DURABLE_QUEUE ->
                    own || base.equals(REQUESTS) || base.equals(RESULTS);
            default -> false;
        };
    }

    /**
     * On the job events topic: subscriptions of every kind (a topic subscription is a queue of the subscriber's own on
     * the topic's address: plain, durable, shared), made, read and removed; the address made if no event was published
     * yet. Never a send: events come from the gateway only.
     */
    private static boolean subscriberMay(CheckType checkType) {
        return switch (checkType) {
            case CONSUME, BROWSE, CREATE_ADDRESS, CREATE_NON_DURABLE_QUEUE, DELETE_NON_DURABLE_QUEUE, CREATE_DURABLE_QUEUE,
                 DELETE_DURABLE_QUEUE -> true;
            default -> false;
        };
    }

    @Override
    public boolean validateUser(String user, String password) {
        return validateUser(user, password, null) != null;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return isGateway(user, password);
    }

    @Override
    public String toString() {
        return "BrokerAccount[" + user + (clientUser == null ? "" : ", client " + clientUser) + "]"; // never a password
    }
}
