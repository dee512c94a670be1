package io.mediagate.vendors.pai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.Job;
import io.mediagate.job.JobSource;
import io.mediagate.job.JobFailure;
import io.mediagate.media.oss.OssStore;
import io.mediagate.media.served.ServedMedia;

/**
 * PAI takes media by URL only: the URLs a request names for a job's media (its own URL, a presigned OSS URL, or the
 * gateway's own link to a dropped file), and a multimodal post's media.
 */
final class PaiMediaUrls {

    private final OssStore oss;
    private final ServedMedia served;

    /**
     * @param oss    where dropped files are staged and {@code oss://} paths presigned (null: not in OSS)
     * @param served the gateway's own media links, used for dropped files when there is no OSS (null: none)
     */
    PaiMediaUrls(OssStore oss, ServedMedia served) {
        this.oss = oss;
        this.served = served;
    }

    /** The URL PAI downloads the media from. */
    String of(Job job) {
        JobSource source = job.getSource();
        if (source.url != null) {
            return source.url;
        }
        if (source.ossPath() != null && oss != null) {
            return oss.presign(source.ossPath());
        }
        if (job.hasLocalMedia() && served != null) {
            return served.linkFor(job);
        }
        throw JobFailure.input("PAI reads media from a URL: give \"url\" in " + source.name
                + (source.oss != null ? " (an oss:// path needs mediagate.oss.* so the gateway can presign it)"
                : ", or set mediagate.oss.bucket so dropped files are staged and presigned"));
    }

    /** A post to classify: the video (or "" when there is none), the image URLs and the text, as PAI's SDK doc lists them. */
    void post(Job job, ObjectNode params, ObjectNode body) {
        JobSource source = job.getSource();
        boolean hasVideo = source.url != null || source.oss != null || source.staged != null;
        body.put("video_url", hasVideo ? of(job) : "");
        ArrayNode images = body.putArray("images");
        for (JsonNode image : params.path("images")) {
            if (!image.isTextual() || !image.asText().matches("https?://.+")) {
                throw JobFailure.input("params.images must list http(s) image URLs; " + image + " is not one (" + source.name + ")");
            }
            images.add(image.asText());
        }
        if (!hasVideo && images.isEmpty()) {
            throw JobFailure.input(source.name + " names no media: give \"url\" (the video) and/or \"params\": {\"images\": [\"https://…\"]}");
        }
        if (!params.path("text").isTextual()) {
            throw JobFailure.input(source.name + " needs \"params\": {\"text\": \"…\"}: the post's title and introduction");
        }
        body.put("text", params.path("text").asText());
    }
}
