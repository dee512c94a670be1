package io.mediagate.vendor.ice;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The FunctionName values of SubmitIProductionJob (seed 002, vendor-contracts §3.4); each is one operation
 * folder, {@code ice/<kebab-case name>}: {@code VideoH2V} → {@code ice/video-h2v}.
 */
public enum IceFunction {
    Cover, VideoClip, VideoDelogo, VideoDetext, CaptionExtraction, VideoGreenScreenMatting, FaceBeauty, VideoH2V,
    MusicSegmentDetect, AudioBeatDetection, AudioQualityAssessment, SpeechDenoise, AudioMixing, MusicDemix;

    /** The local files the function takes: audio for the music and speech functions, video for the rest. */
    public java.util.Set<String> extensions() {
        return switch (this) {
            case MusicSegmentDetect, AudioBeatDetection, AudioQualityAssessment, SpeechDenoise, AudioMixing, MusicDemix ->
                    io.mediagate.media.MediaTypes.AUDIO;
            default -> io.mediagate.media.MediaTypes.VIDEOS;
        };
    }

    /** The operation folder name, e.g. {@code video-green-screen-matting}. */
    public String folder() {
        return name().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    public static Optional<IceFunction> ofFolder(String folder) {
        return Arrays.stream(values()).filter(f -> f.folder().equals(folder)).findFirst();
    }
}
