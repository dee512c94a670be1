package io.mediagate.media;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** File extensions the gateway knows, and what kind of media they are. */
public final class MediaTypes {

    public static final Set<String> IMAGES = Set.of("jpg", "jpeg", "png", "bmp", "tif", "tiff", "gif", "webp");
    public static final Set<String> VIDEOS = Set.of("mp4", "avi", "mkv", "mov", "flv", "webm");
    public static final Set<String> AUDIO = Set.of("mp3", "wav", "m4a", "aac", "flac", "ogg", "opus", "amr");

    private static final Map<String, String> MIME = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("bmp", "image/bmp"), Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("mp4", "video/mp4"), Map.entry("avi", "video/x-msvideo"), Map.entry("mkv", "video/x-matroska"),
            Map.entry("mov", "video/quicktime"), Map.entry("flv", "video/x-flv"), Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("m4a", "audio/mp4"),
            Map.entry("aac", "audio/aac"), Map.entry("flac", "audio/flac"), Map.entry("ogg", "audio/ogg"),
            Map.entry("opus", "audio/opus"), Map.entry("amr", "audio/amr"));

    private MediaTypes() {
    }

    /** Lower-case extension without the dot, or "" when the name has none. */
    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return dot > slash + 1 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    public static String kind(String extension) {
        if (IMAGES.contains(extension)) {
            return "image";
        }
        if (VIDEOS.contains(extension)) {
            return "video";
        }
        if (AUDIO.contains(extension)) {
            return "audio";
        }
        return "unknown";
    }

    public static String mimeType(String extension) {
        return MIME.getOrDefault(extension, "application/octet-stream");
    }
}
