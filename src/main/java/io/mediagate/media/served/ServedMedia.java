package io.mediagate.media.served;

import io.mediagate.job.Job;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The gateway serving staged media itself, for vendors that download media by URL when no OSS bucket is set:
 * {@code GET {public-base-url}/media/<token>/<file name>} answers the job's input while the job lives. No listing,
 * nothing outside the work area, no symbolic links (wherever they point), and 404 — the same for all — for a token
 * that is expired, tampered with, or whose job has ended (its file has left the work area).
 */
public final class ServedMedia {

    /** How a job's input is named in its folder: {@code input.<flat path>} (see {@link #droppedName}). */
    private static final String FLAT_INPUT = "input.";

    private final Path workRoot;
    private final MediaLinks links;
    private final String publicBaseUrl;

    public ServedMedia(Path workRoot, MediaLinks links, String publicBaseUrl) {
        this.workRoot = workRoot.toAbsolutePath().normalize();
        this.links = links;
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    /** The URL a vendor downloads the job's input from. */
    public String linkFor(Job job) {
        Path file = Path.of(job.getSource().workFile).toAbsolutePath().normalize();
        if (!file.startsWith(workRoot)) {
            throw new IllegalStateException("the input of job " + job.getId() + " is not in the work area");
        }
        String relative = workRoot.relativize(file).toString().replace('\\', '/');
        return publicBaseUrl + "/media/" + links.token(relative) + "/" + urlSegment(droppedName(file));
    }

    /**
     * The name the vendor sees: the dropped file's own. A job's input is filed as {@code input.<flat path>}, its path
     * below the inbox in one name with {@code /} as {@code %2F} and {@code %} as {@code %25} (flow.FlatNames), which
     * would show the user's folders in the link.
     */
    private static String droppedName(Path file) {
        String name = file.getFileName().toString();
        int last = name.lastIndexOf("%2F");
        return name.startsWith(FLAT_INPUT) && last >= 0 ? name.substring(last + 3).replace("%25", "%") : name;
    }

    /** The file a request may have, or empty (then 404). */
    Optional<Path> resolve(String token, String name) {
        return links.verify(token).flatMap(relative -> {
            Path file = workRoot.resolve(relative).normalize();
            boolean inside = file.startsWith(workRoot) && !relative.contains("..");
            boolean named = name == null || droppedName(file).equals(name) || file.getFileName().toString().equals(name);
            return inside && named && withoutLinks(file) ? Optional.of(file) : Optional.empty();
        });
    }

    /**
     * Whether the file is a plain file reached from the work area without passing a symbolic link: its real path is
     * its path below the work area's real path. A link in the work area (to /etc/passwd, or a linked job folder) is
     * never served, wherever it points.
     */
    private boolean withoutLinks(Path file) {
        try {
            Path real = file.toRealPath();
            return real.equals(workRoot.toRealPath().resolve(workRoot.relativize(file)))
                    && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException gone) {
            return false;
        }
    }

    /** The route's bean: answers the file, or 404 with no detail (nothing to learn from probing). */
    public void serve(Exchange exchange) {
        Message message = exchange.getMessage();
        Optional<Path> file = resolve(message.getHeader("token", String.class), message.getHeader("name", String.class));
        message.removeHeaders("*");
        byte[] content = file.map(ServedMedia::readWithoutFollowing).orElse(null);
        if (content == null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain");
            message.setBody("not found");
            return;
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, io.mediagate.media.MediaTypes.mimeType(
                io.mediagate.media.MediaTypes.extension(file.get().getFileName().toString())));
        // whole, as the file body was before: the answer keeps its Content-Length (a stream would go out chunked)
        message.setBody(content);
    }

    /** Read without following a link, should the file have been swapped for one since it was checked; null: gone. */
    private static byte[] readWithoutFollowing(Path file) {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readAllBytes();
        } catch (IOException gone) {
            return null;
        }
    }

    private static String urlSegment(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
