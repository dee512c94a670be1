package io.mediagate.vendors.ice;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The FunctionName values of SubmitIProductionJob (as listed in ICE's API 2020-11-09); each is one operation
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

    /**
     * The name of the OSS object the gateway asks ICE to write (Output.Media names an object, {@code oss://bucket/object}):
     * {@code cover.jpg} (ICE numbers the covers after it, as in the documented example {@code cover/test-00001.jpg}), {@code output.mp4}
     * for the video functions, {@code output.wav} for the audio ones. ICE documents no extension for the
     * analysis outputs: {@code output.srt} for captions, {@code output.json} for beats, segments and quality.
     */
    public String outputName() {
        return switch (this) {
            case Cover -> "cover.jpg";
            case CaptionExtraction -> "output.srt";
            case AudioBeatDetection, MusicSegmentDetect, AudioQualityAssessment -> "output.json";
            case SpeechDenoise, AudioMixing, MusicDemix -> "output.wav";
            default -> "output.mp4";
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
