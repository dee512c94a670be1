package io.mediagate.media;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What can be read from a media file itself, without any vendor: used to reject broken inputs before they
 * cost a vendor call, to report the real size in the output envelope, and by the sandbox to compute results.
 *
 * @param kind            image, video or audio
 * @param format          e.g. jpeg, png, wav, mp4 (as detected, not as named)
 * @param width           pixels, images only
 * @param height          pixels, images only
 * @param durationSeconds audio/video duration when the container tells it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MediaFacts(String kind, String format, Integer width, Integer height, Double durationSeconds) {
}
