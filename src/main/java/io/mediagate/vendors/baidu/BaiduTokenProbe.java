package io.mediagate.vendors.baidu;

import io.mediagate.auth.BaiduTokens;
import io.mediagate.config.Settings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The free call that proves Baidu accepts the keys: an access token fetched for each app (the vendor-wide keys and
 * those of models published to another app). Baidu has no task to ask about, and the token fetch is where a wrong key
 * is refused.
 */
public final class BaiduTokenProbe {

    private BaiduTokenProbe() {
    }

    /**
     * @return the answer for the check line
     * @throws io.mediagate.job.JobFailure when Baidu refuses a key
     */
    public static String fetchEveryAppToken(Settings settings) {
        BaiduVendor vendor = new BaiduVendor(settings, null, null);
        Map<String, BaiduTokens.Credentials> apps = new LinkedHashMap<>();
        for (BaiduModel model : vendor.models()) {
            apps.putIfAbsent(model.credentials().apiKey(), model.credentials());
        }
        for (BaiduTokens.Credentials app : apps.values()) {
            vendor.tokens().token(app);
        }
        return "access token issued for " + apps.size() + " app(s)";
    }
}
