package io.mediagate.media;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.mov.QuickTimeDirectory;
import com.drew.metadata.mov.media.QuickTimeVideoDirectory;
import com.drew.metadata.mp4.Mp4Directory;
import com.drew.metadata.mp4.media.Mp4VideoDirectory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * What a video's headers say about its picture: size, frame rate and duration, read by metadata-extractor (MP4 and
 * QuickTime: {@code tkhd}/sample entry, {@code stts}, {@code mvhd}). The sandbox's PAI reports these for each video
 * it analyses, as PAI's results do ({@code width}, {@code height}, {@code avg_fps}, {@code duration}).
 *
 * @param width           pixels
 * @param height          pixels
 * @param framesPerSecond average frame rate of the video track
 * @param durationSeconds length of the movie
 */
public record VideoHeader(int width, int height, double framesPerSecond, double durationSeconds) {

    /** The headers of an MP4/MOV video, or empty when the file has no readable video track (nothing to play). */
    public static Optional<VideoHeader> read(byte[] video) {
        Metadata metadata;
        try {
            metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(video), video.length);
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            return Optional.empty();
        }
        Directory track = firstOf(metadata, Mp4VideoDirectory.class, QuickTimeVideoDirectory.class);
        Directory movie = firstOf(metadata, Mp4Directory.class, QuickTimeDirectory.class);
        if (track == null || movie == null) {
            return Optional.empty();
        }
        boolean mp4 = track instanceof Mp4VideoDirectory;
        Integer width = track.getInteger(mp4 ? Mp4VideoDirectory.TAG_WIDTH : QuickTimeVideoDirectory.TAG_WIDTH);
        Integer height = track.getInteger(mp4 ? Mp4VideoDirectory.TAG_HEIGHT : QuickTimeVideoDirectory.TAG_HEIGHT);
        Double fps = track.getDoubleObject(mp4 ? Mp4VideoDirectory.TAG_FRAME_RATE : QuickTimeVideoDirectory.TAG_FRAME_RATE);
        Rational seconds = movie.getRational(mp4 ? Mp4Directory.TAG_DURATION_SECONDS : QuickTimeDirectory.TAG_DURATION_SECONDS);
        if (width == null || height == null || width <= 0 || height <= 0 || seconds == null) {
            return Optional.empty();
        }
        return Optional.of(new VideoHeader(width, height, fps == null ? 0 : fps, seconds.doubleValue()));
    }

    @SafeVarargs
    private static Directory firstOf(Metadata metadata, Class<? extends Directory>... types) {
        for (Class<? extends Directory> type : types) {
            // exactly this class: Mp4VideoDirectory is also an Mp4Directory
            for (Directory directory : metadata.getDirectoriesOfType(type)) {
                if (directory.getClass() == type) {
                    return directory;
                }
            }
        }
        return null;
    }
}
