package io.mediagate.dashboard;

import io.mediagate.broker.BrokerAccount;
import io.mediagate.broker.JobBrokerWiring;
import io.mediagate.config.Settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Who may use the dashboard. On the loopback management address (the default) whoever reaches it; opened beyond
 * ({@code camel.management.host}), or with {@code mediagate.dashboard.login=always}, only the gateway account
 * ({@code MEDIAGATE_BROKER_USER} / {@code _PASSWORD}) by HTTP Basic login: without that account set, nobody.
 * A write (re-drive) must also come from the dashboard's own page: a JSON POST with the {@value #REQUEST_HEADER}
 * header, which another site's page cannot send without the gateway allowing it (it never does), and no foreign
 * {@code Origin}.
 */
final class DashboardAccess {

    static final String REQUEST_HEADER = "X-Mediagate-Dashboard";

    enum Verdict { ALLOWED, LOGIN_NEEDED, NO_ACCOUNT }

    private final boolean loginRequired;
    private final BrokerAccount account;

    DashboardAccess(boolean loginRequired, BrokerAccount account) {
        this.loginRequired = loginRequired;
        this.account = account;
    }

    static DashboardAccess of(Settings settings) {
        String login = settings.get("mediagate.dashboard.login").orElse("auto").trim().toLowerCase(Locale.ROOT);
        if (!login.equals("auto") && !login.equals("always")) {
            throw new IllegalArgumentException("mediagate.dashboard.login must be auto or always, not " + login);
        }
        boolean required = login.equals("always") || !loopback(settings.get("camel.management.host").orElse("0.0.0.0"));
        return new DashboardAccess(required, JobBrokerWiring.brokerAccount(settings));
    }

    boolean loginRequired() {
        return loginRequired;
    }

    /** Whether a request with this {@code Authorization} header may see the dashboard. */
    Verdict reader(String authorization) {
        if (!loginRequired) {
            return Verdict.ALLOWED;
        }
        if (account == null) {
            return Verdict.NO_ACCOUNT;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Verdict.LOGIN_NEEDED;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Verdict.LOGIN_NEEDED;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && account.isGatewayAccount(decoded.substring(0, colon), decoded.substring(colon + 1))
                ? Verdict.ALLOWED : Verdict.LOGIN_NEEDED;
    }

    /**
     * Whether a POST comes from the dashboard's own page on {@code host} (the Host header): JSON, with the dashboard's
     * header, and an Origin (when the browser sends one) of this very host.
     */
    static boolean fromOwnPage(String contentType, String dashboardHeader, String origin, String host) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json") || dashboardHeader == null) {
            return false;
        }
        return origin == null || host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host.trim()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
