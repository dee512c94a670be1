package io.mediagate.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.media.MediaDownload;
import io.mediagate.media.MediaTypes;
import io.mediagate.vendors.VendorRegistry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Turns a queue request's media into what a dropped file would be, claimed in the work area: one handler per way the
 * media is given — a URL the vendor cannot fetch itself (downloaded here), inline base64 (the decoded file), or
 * url/urls/oss the vendor reads (a job file). Checks the schema cannot make (sizes known at run time, a base64 text
 * that does not decode) are made here; a refused request throws {@link JobFailure} with the reason.
 */
final class RequestMedia {

    /** The claimed input and its path below the inbox; extra params go over the folder's (null for a job file). */
    record Staged(Path claimed, String relative, ObjectNode extraParams) {
    }

    private final Claims claims;
    private final VendorRegistry vendors;
    private final MediaDownload downloads;
    private final long maxInlineBytes;
    private final long maxDownloadBytes;

    RequestMedia(Claims claims, VendorRegistry vendors, MediaDownload downloads, long maxInlineBytes, long maxDownloadBytes) {
        this.claims = claims;
        this.vendors = vendors;
        this.downloads = downloads;
        this.maxInlineBytes = maxInlineBytes;
        this.maxDownloadBytes = maxDownloadBytes;
    }

    /** @param base the input's path below the inbox without extension: {@code <vendor>/<operation>/requests/<id>} */
    Staged stage(JsonNode request, String base, String requestId) {
        JsonNode media = request.path("media");
        if (media.has("url") && readsOnlyOss(request, media.path("url").asText())) {
            return downloaded(request, base, requestId);
        }
        if (media.has("base64")) {
            return inline(request, base);
        }
        return jobFile(request, base);
    }

    /** The vendor cannot fetch a URL (ICE reads OSS only): downloaded here and staged like a dropped file. */
    private Staged downloaded(JsonNode request, String base, String requestId) {
        String url = request.path("media").path("url").asText();
        String unusable = MediaUrls.problem(url);
        if (unusable != null) {
            throw JobFailure.input("media." + unusable);
        }
        String path = URI.create(url).getPath();
        String extension = MediaTypes.extension(path == null ? "" : path);
        if (extension.isEmpty()) {
            throw JobFailure.input("media.url names no file with an extension, which says what the media is; put the"
                    + " media in OSS and give \"oss\", or send it inline with its name");
        }
        String relative = FileNames.fitLast(base + "." + extension);
        Path claimed = claims.claimContent(relative, new byte[0]);
        try {
            downloads.forVendor(vendors.vendor(request.path("vendor").asText()).map(io.mediagate.vendors.Vendor::sandbox).orElse(false))
                    .fetchTo(url, maxDownloadBytes, requestId, claimed);
        } catch (JobFailure failure) {
            claims.discardClaim(claimed);
            throw failure;
        }
        return new Staged(claimed, relative, params(request));
    }

    /** Inline media: the decoded file, named by the request's media.name. */
    private Staged inline(JsonNode request, String base) {
        JsonNode media = request.path("media");
        if (media.path("base64").asText().regionMatches(true, 0, "data:", 0, 5)) {
            // the MIME decoder would skip the header's punctuation and decode its letters as image bytes
            throw JobFailure.input("media.base64 starts with a data: header (\"data:<type>;base64,\"); send only the"
                    + " base64 text after the comma, and the file name with its extension in media.name");
        }
        byte[] decoded;
        try {
            decoded = Base64.getMimeDecoder().decode(media.path("base64").asText());
        } catch (IllegalArgumentException e) {
            throw JobFailure.input("media.base64 is not valid base64 (without a data: header): " + e.getMessage());
        }
        if (decoded.length > maxInlineBytes) {
            throw JobFailure.input("inline media is " + decoded.length + " bytes, more than the " + maxInlineBytes
                    + " accepted on the queue (mediagate.requests.max-inline-bytes): give a url or an oss path instead");
        }
        String extension = MediaTypes.extension(media.path("name").asText(""));
        String relative = FileNames.fitLast(base + (extension.isEmpty() ? "" : "." + extension));
        return new Staged(claims.claimContent(relative, decoded), relative, params(request));
    }

    /** url, urls or oss the vendor reads itself: written as the job file a user would drop. */
    private Staged jobFile(JsonNode request, String base) {
        JsonNode media = request.path("media");
        ObjectNode jobFile = Json.object();
        for (String field : new String[]{"url", "urls", "oss"}) {
            if (media.has(field)) {
                jobFile.set(field, media.get(field));
            }
        }
        if (request.path("params").isObject()) {
            jobFile.set("params", request.get("params"));
        }
        String relative = base + ".job.json";
        return new Staged(claims.claimContent(relative, Json.write(jobFile).getBytes(StandardCharsets.UTF_8)), relative, null);
    }

    private static ObjectNode params(JsonNode request) {
        return request.path("params").isObject() ? (ObjectNode) request.get("params") : null;
    }

    /** Whether the request's operation reads media from OSS only and this URL is not an OSS object's own URL. */
    private boolean readsOnlyOss(JsonNode request, String url) {
        boolean ossUrl = url.matches("https?://[^/]+\\.oss-[^/]+\\.aliyuncs\\.com/.+");
        return !ossUrl && vendors.operation(request.path("vendor").asText(), request.path("operation").asText())
                .map(operation -> operation.stagesLocalMedia() && !operation.takesMediaUrls()).orElse(false);
    }
}
