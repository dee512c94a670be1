package io.mediagate.modules;

import io.mediagate.config.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the preflight checks before a vendor is called live, as data: which settings make its credentials, where those
 * credentials are sent, what else a live vendor needs, and the free call {@code check --probe} makes. The preflight
 * reads only this, so a new vendor is checked without a line of preflight code.
 *
 * @param credentials        the settings that together make the credentials, in order; the first one decides whether
 *                           the vendor is live
 * @param restOptional       whether the parts after the first may be left out because they have defaults (ICE's and
 *                           Bailian's endpoints)
 * @param plainHttpByDefault whether the credentials may go over plain http to another machine unless
 *                           {@code mediagate.<vendor>.allow-plain-http=false} (PAI, whose documented host is plain http)
 * @param alibabaCredentials whether the vendor signs with Alibaba Cloud's credential chain, which must then find a key
 * @param endpoints          the URLs the credentials are sent to, checked in order; the first is the vendor's endpoint
 * @param checks             what else a live vendor needs, checked after its endpoints
 * @param probe              the free call that proves the vendor accepts the credentials; null when there is none (the
 *                           vendor is then not called by {@code check --probe})
 */
public record LivePreflight(List<CredentialPart> credentials, boolean restOptional, boolean plainHttpByDefault,
                            boolean alibabaCredentials, List<Endpoints> endpoints, List<LiveCheck> checks, LiveProbe probe) {

    /**
     * One setting of the credentials.
     *
     * @param environment the environment variable users set it with, named in problems; null when there is none
     */
    public record CredentialPart(String setting, String environment) {
    }

    /**
     * One URL the credentials are sent to.
     *
     * @param setting the setting it comes from, named when it is no URL or plain http
     * @param label   how the check line names it: {@code endpoint}, {@code token URL}, {@code model flowers}
     */
    public record Endpoint(String setting, String label, String url) {
    }

    /** Endpoints resolved from the settings (one, or as many as the settings list: Baidu's models). */
    @FunctionalInterface
    public interface Endpoints {

        /** @throws IllegalStateException naming the setting when an endpoint cannot be a URL */
        List<Endpoint> resolve(Settings settings);

        static Endpoints one(String setting, String label, Function<Settings, String> url) {
            return settings -> List.of(new Endpoint(setting, label, url.apply(settings)));
        }

        /**
         * An endpoint that is itself a credential part: when it is not set, the credential check already names it and
         * there is nothing more to check.
         */
        static Endpoints whenSet(String setting, String label, Function<Settings, String> url) {
            return settings -> settings.get(setting).isEmpty() ? List.of() : one(setting, label, url).resolve(settings);
        }
    }

    /**
     * A further check of a live vendor that has an endpoint.
     *
     * @param checked what the check line says was checked
     * @param problem the problem found, given the settings and the vendor's endpoint, naming the setting to fix
     */
    public record LiveCheck(Function<Settings, String> checked, BiFunction<Settings, String, Optional<String>> problem) {
    }

    public static CredentialPart part(String setting, String environment) {
        return new CredentialPart(setting, environment);
    }

    /** A credential setting users set in the configuration only. */
    public static CredentialPart part(String setting) {
        return new CredentialPart(setting, null);
    }

    /** A vendor live when {@code first} is set, whose other parts are all required; nothing else checked yet. */
    public static LivePreflight credentials(CredentialPart first, CredentialPart... rest) {
        List<CredentialPart> parts = new ArrayList<>(List.of(first));
        parts.addAll(List.of(rest));
        return new LivePreflight(List.copyOf(parts), false, false, false, List.of(), List.of(), null);
    }

    /** The setting whose presence makes the vendor live. */
    public String liveSetting() {
        return credentials.get(0).setting();
    }

    public LivePreflight withRestOptional() {
        return new LivePreflight(credentials, true, plainHttpByDefault, alibabaCredentials, endpoints, checks, probe);
    }

    public LivePreflight withPlainHttpByDefault() {
        return new LivePreflight(credentials, restOptional, true, alibabaCredentials, endpoints, checks, probe);
    }

    public LivePreflight withAlibabaCredentials() {
        return new LivePreflight(credentials, restOptional, plainHttpByDefault, true, endpoints, checks, probe);
    }

    public LivePreflight withEndpoint(Endpoints more) {
        return new LivePreflight(credentials, restOptional, plainHttpByDefault, alibabaCredentials, append(endpoints, more),
                checks, probe);
    }

    public LivePreflight withCheck(LiveCheck more) {
        return new LivePreflight(credentials, restOptional, plainHttpByDefault, alibabaCredentials, endpoints,
                append(checks, more), probe);
    }

    public LivePreflight withProbe(LiveProbe probe) {
        return new LivePreflight(credentials, restOptional, plainHttpByDefault, alibabaCredentials, endpoints, checks, probe);
    }

    private static <T> List<T> append(List<T> list, T more) {
        List<T> all = new ArrayList<>(list);
        all.add(more);
        return List.copyOf(all);
    }
}
