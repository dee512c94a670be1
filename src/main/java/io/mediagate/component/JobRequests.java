package io.mediagate.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.Job;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.media.MediaTypes;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.VendorOperation;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;

/**
 * The job an exchange asks for. The body is the media itself (a {@code byte[]}, {@code File}, {@code Path},
 * {@code InputStream}, or a file from Camel's file consumer), or a job request such as a {@code .job.json} holds
 * ({@code url}, {@code urls} or {@code oss}, and {@code params}) as JSON text, a JsonNode or a file named
 * {@code *.job.json}. The params are the operation's configured defaults, then the endpoint's, then the request's,
 * then the {@link MediagateConstants#PARAMS} header's.
 */
final class JobRequests {

    private static final Set<String> REQUEST_FIELDS = Set.of("url", "urls", "oss", "params");
    private static final String JOB_FILE = ".job.json";

    private JobRequests() {
    }

    /**
     * @param defaults the operation's configured params with the endpoint's over them
     * @param scratch  where media given as bytes or a stream is written for the call (the caller deletes it)
     */
    static Job jobOf(Exchange exchange, VendorOperation operation, ObjectNode defaults, String defaultName, Path scratch) {
        OperationSpec spec = operation.spec();
        Message message = exchange.getMessage();
        Job job = new Job();
        job.setId(UUID.randomUUID().toString());
        job.setVendor(spec.vendor());
        job.setOperation(spec.name());
        job.setAcceptedAt(System.currentTimeMillis());
        ObjectNode params = defaults.deepCopy();
        Object body = message.getBody();
        if (body instanceof String || body instanceof JsonNode) {
            request(job, params, body instanceof JsonNode node ? node : parse((String) body), "request");
        } else {
            File file = body instanceof Path path ? path.toFile() : message.getBody(File.class);
            String name = file != null ? file.getName() : fileName(message, defaultName);
            if (file != null && name.endsWith(JOB_FILE)) {
                request(job, params, parse(read(file.toPath())), name);
            } else {
                localMedia(job, spec, name, file != null ? file.toPath() : written(message, scratch));
            }
        }
        Json.deepMerge(params, headerParams(message));
        job.setParams(params);
        refuseUnstaged(job, operation);
        if (job.getRelativePath() == null) {
            job.setRelativePath(job.getSource().name);
        }
        return job;
    }

    private static void request(Job job, ObjectNode params, JsonNode request, String name) {
        if (request == null || !request.isObject()) {
            throw JobFailure.input(name + " must be a JSON object such as {\"url\": \"https://…\", \"params\": {…}}");
        }
        for (Iterator<String> keys = request.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!REQUEST_FIELDS.contains(key)) {
                throw JobFailure.input(name + ": unknown field '" + key + "'; a job request may have url, urls, oss and params");
            }
        }
        job.getSource().name = name;
        job.getSource().jobFile = true;
        job.getSource().url = text(request.get("url"));
        job.getSource().oss = text(request.get("oss"));
        JsonNode urls = request.get("urls");
        if (urls != null && urls.isArray() && urls.size() == 1) {
            job.getSource().url = urls.get(0).asText();
        } else if (urls != null && urls.isArray()) {
            job.getSource().urls = new ArrayList<>();
            urls.forEach(url -> job.getSource().urls.add(url.asText()));
        }
        Json.deepMerge(params, request.get("params"));
    }

    /**
     * Local media and URLs for a vendor that reads only OSS are staged there before the submit (as the gateway stages
     * them); an operation that neither fetches URLs nor stages media needs the object named.
     */
    private static void refuseUnstaged(Job job, VendorOperation operation) {
        if (!operation.takesMediaUrls() && !operation.stagesLocalMedia() && job.getSource().url != null) {
            throw JobFailure.input(operation.spec().vendor() + " reads media from OSS: send a job request naming the object,"
                    + " {\"oss\": \"oss://bucket/key\"}, instead of a url");
        }
    }

    private static void localMedia(Job job, OperationSpec spec, String name, Path file) {
        String extension = MediaTypes.extension(name);
        if (!spec.extensions().contains(extension)) {
            throw JobFailure.input(spec.key() + " takes " + (spec.acceptsLocalFiles() ? String.join(", ", spec.extensions())
                    + " files" : "no local files (give a job request with url or oss)") + "; got " + name);
        }
        job.getSource().name = name;
        job.getSource().workFile = file.toAbsolutePath().toString();
        job.getSource().bytes = file.toFile().length();
    }

    /** The body's bytes in a file of the media's name, for the operation to read like a dropped file. */
    private static Path written(Message message, Path scratch) {
        String name = fileName(message, "media");
        Path file = scratch.resolve(Path.of(name).getFileName().toString());
        try (InputStream in = message.getMandatoryBody(InputStream.class)) {
            Files.createDirectories(scratch);
            Files.copy(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the media to " + file, e);
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw JobFailure.input("the body is no media mediagate can read (byte[], File, Path, InputStream) nor a job"
                    + " request (JSON text): " + e.getMessage());
        }
        return file;
    }

    private static String fileName(Message message, String fallback) {
        String name = message.getHeader(MediagateConstants.FILE_NAME, String.class);
        if (name == null) {
            name = message.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        }
        if (name == null) {
            // CamelFileName is the header users set themselves; it may carry a relative path
            String camelName = message.getHeader(Exchange.FILE_NAME, String.class);
            name = camelName == null || camelName.isBlank() ? null : Path.of(camelName).getFileName().toString();
        }
        return name == null ? fallback : name;
    }

    private static JsonNode headerParams(Message message) {
        Object params = message.getHeader(MediagateConstants.PARAMS);
        if (params == null || params instanceof JsonNode) {
            return (JsonNode) params;
        }
        JsonNode parsed = parse(params.toString());
        if (!parsed.isObject()) {
            throw JobFailure.input(MediagateConstants.PARAMS + " must be a JSON object");
        }
        return parsed;
    }

    static JsonNode parse(String json) {
        try {
            return Json.readInput(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw JobFailure.input("the job request is no JSON: " + Json.problem(e));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
