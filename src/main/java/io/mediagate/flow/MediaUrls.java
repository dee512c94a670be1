package io.mediagate.flow;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Checks a media URL given by a user (job file, queue request) as the gateway and the vendors will read it, so that a
 * URL that cannot be parsed is refused as the user's mistake when the job is taken in, instead of failing a later step.
 */
final class MediaUrls {

    private MediaUrls() {
    }

    /** What is wrong with the URL (already known to start with http:// or https://), or null when it parses. */
    static String problem(String url) {
        String shown = url.length() > 200 ? url.substring(0, 200) + "…" : url;
        try {
            new URI(url);
            return null;
        } catch (URISyntaxException e) {
            return "url '" + shown + "' is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + "): characters such as spaces must be percent-encoded, e.g. %20 for a space";
        }
    }
}
