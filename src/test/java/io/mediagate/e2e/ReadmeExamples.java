package io.mediagate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job files and queue requests the README shows, read from the README itself so that the text users copy and the
 * test that runs it cannot drift apart. Two forms are recognised:
 * <ul>
 *   <li>a fenced {@code json} block right after a marker line {@code <!-- example: inbox/<vendor>/<op>/<name>.job.json -->}
 *       (a job file dropped there) or {@code <!-- example: request -->} (a request sent to {@code mediagate.requests});</li>
 *   <li>a fenced {@code yaml} block after {@code <!-- example: camel-sender -->}: Camel routes that send requests;</li>
 *   <li>a shell line {@code echo '<json>' > data/inbox/…job.json} in a fenced {@code sh} block: it names its own place.</li>
 * </ul>
 * A {@code json} block that looks like a job file or a request but has no marker is reported as {@link #unmarked()},
 * so a new example cannot slip in untested.
 */
final class ReadmeExamples {

    /**
     * One example: where it goes ({@code inbox/…}, {@code request}, or {@code camel-sender} for a route that sends
     * requests), its text as written, and its README line.
     */
    record Example(String target, String text, int line) {

        boolean isRequest() {
            return target.equals("request");
        }

        boolean isCamelSender() {
            return target.equals("camel-sender");
        }

        /** The folder below {@code inbox/} and the file name, e.g. {@code pai/video-qa} and {@code week.job.json}. */
        String folder() {
            String relative = target.substring("inbox/".length());
            return relative.substring(0, relative.lastIndexOf('/'));
        }

        String fileName() {
            return target.substring(target.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return target + " (README line " + line + ")";
        }
    }

    private static final Pattern MARKER = Pattern.compile("<!--\\s*example:\\s*(\\S+)\\s*-->");
    private static final Pattern ECHO = Pattern.compile("echo\\s+'([^']*)'\\s*(?:\\\\\\s*)?>\\s*data/(inbox/\\S+\\.job\\.json)",
            Pattern.DOTALL);

    private final List<Example> examples = new ArrayList<>();
    private final List<String> unmarked = new ArrayList<>();

    static ReadmeExamples read(Path readme) throws IOException {
        ReadmeExamples found = new ReadmeExamples();
        found.parse(Files.readAllLines(readme));
        return found;
    }

    List<Example> all() {
        return examples;
    }

    /** JSON blocks that look like a job file or a request but carry no marker ({@code "README line N"}). */
    List<String> unmarked() {
        return unmarked;
    }

    private void parse(List<String> lines) {
        String pendingTarget = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher marker = MARKER.matcher(line);
            if (marker.matches()) {
                pendingTarget = marker.group(1);
                continue;
            }
            if (!line.startsWith("```") || line.length() == 3) {
                if (!line.isEmpty()) {
                    pendingTarget = null;
                }
                continue;
            }
            String language = line.substring(3).strip();
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            String block = String.join("\n", lines.subList(start, Math.min(end, lines.size())));
            if (language.equals("yaml") && pendingTarget != null) {
                examples.add(new Example(pendingTarget, block, start + 1));
            } else if (language.equals("json")) {
                if (pendingTarget != null) {
                    examples.add(new Example(pendingTarget, block, start + 1));
                } else if (looksLikeJobOrRequest(block)) {
                    unmarked.add("README line " + (start + 1));
                }
            } else if (language.equals("sh")) {
                Matcher echo = ECHO.matcher(block);
                while (echo.find()) {
                    int at = start + 1 + (int) block.substring(0, echo.start()).chars().filter(c -> c == '\n').count();
                    examples.add(new Example(echo.group(2), echo.group(1), at));
                }
            }
            pendingTarget = null;
            i = end;
        }
    }

    /** A block is a job file when it names media at its top level, a request when it names vendor and operation (and is no job event). */
    private static boolean looksLikeJobOrRequest(String block) {
        JsonNode json = Json.readOrNull(block);
        if (json == null || !json.isObject()) {
            // an illustration with "…" in it (the envelope, the error record) is not something to run
            return block.contains("\"url\"") && block.contains("\"params\"");
        }
        // a job event names its vendor too: it is what the gateway publishes, not what it takes (JobEventKindsTest checks it)
        return !json.has("eventId") && (json.has("url") || json.has("urls") || json.has("oss") || json.has("vendor"));
    }
}
