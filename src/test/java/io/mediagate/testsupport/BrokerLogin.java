package io.mediagate.testsupport;

import io.mediagate.broker.BrokerAccount;

import java.util.HashMap;
import java.util.Map;

/** The broker account tests give a gateway whose embedded broker listens (it never takes anonymous connections). */
public final class BrokerLogin {

    public static final String USER = "mediagate-test";
    public static final String PASSWORD = "test-password-" + Long.toHexString(Double.doubleToLongBits(Math.random()));

    private BrokerLogin() {
    }

    public static BrokerAccount account() {
        return new BrokerAccount(USER, PASSWORD);
    }

    /** Gateway settings: listen on {@code listen}, with this account. */
    public static Map<String, String> listening(String listen) {
        Map<String, String> settings = new HashMap<>();
        settings.put("mediagate.broker.listen", listen);
        settings.put("mediagate.broker.user", USER);
        settings.put("mediagate.broker.password", PASSWORD);
        return settings;
    }
}
