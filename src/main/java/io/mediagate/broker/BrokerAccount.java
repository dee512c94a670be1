package io.mediagate.broker;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The one account of the embedded broker once it listens beyond the process: every connection — the gateway's own
 * in-VM one, the {@code status} command, other gateways, clients sending job requests over Core or AMQP — logs in
 * with this user and password (from the environment: {@code MEDIAGATE_BROKER_USER} / {@code MEDIAGATE_BROKER_PASSWORD}).
 * There is no anonymous access and no guest role: a connection without them, or with others, is refused.
 */
public final class BrokerAccount implements ActiveMQSecurityManager {

    private final String user;
    private final byte[] password;

    public BrokerAccount(String user, String password) {
        if (user == null || user.isBlank() || password == null || password.isBlank()) {
            throw new IllegalArgumentException("a broker account needs a user and a password");
        }
        this.user = user;
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    public String user() {
        return user;
    }

    @Override
    public boolean validateUser(String user, String password) {
        return this.user.equals(user) && password != null
                // constant time: no timing hint about how much of a guessed password was right
                && MessageDigest.isEqual(this.password, password.getBytes(StandardCharsets.UTF_8));
    }

    /** The account may do everything on every address: it is the gateway's own, shared with trusted clients. */
    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return validateUser(user, password);
    }

    @Override
    public String toString() {
        return "BrokerAccount[" + user + "]"; // never the password
    }
}
