package io.mediagate.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.JobFailure;
import io.mediagate.job.JobSource;
import io.mediagate.json.Json;
import io.mediagate.vendors.VendorOperation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and checks a dropped {@code .job.json}: the media it names ({@code url}, {@code urls} or {@code oss}) goes
 * into the job's source, its {@code params} over the folder's defaults. Anything else in it is refused with a
 * reason that names the field.
 */
final class JobFileReader {

    static final String SUFFIX = ".job.json";
    private static final Set<String> KEYS = Set.of("url", "urls", "oss", "params");

    /** The largest job file read (mediagate.ingest.max-job-file-bytes): it names media and params, never holds media. */
    private final long maxBytes;
    private final InputBuckets buckets;

    JobFileReader(long maxBytes, InputBuckets buckets) {
        this.maxBytes = maxBytes;
        this.buckets = buckets;
    }

    /**
     * @param source the job file's source, its name and size already set
     * @param params the folder's defaults, which the job file's params are merged over
     */
    void read(JobSource source, Path work, ObjectNode params, VendorOperation operation) {
        if (source.bytes > maxBytes) {
            // checked before reading: a job file names its media and params, and a huge one is not read into memory
            throw JobFailure.input(source.name + " is " + source.bytes + " bytes, more than the " + maxBytes
                    + " a job file may have (mediagate.ingest.max-job-file-bytes): name the media by url or oss instead of"
                    + " putting it in the job file");
        }
        JsonNode request = parse(source.name, work);
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw JobFailure.input(source.name + ": unknown field '" + key + "'; a job file may have url, urls, oss and params");
            }
        }
        readMedia(source, request, operation);
        JsonNode jobParams = request.get("params");
        if (jobParams != null && !jobParams.isObject()) {
            throw JobFailure.input(source.name + ": params must be a JSON object");
        }
        Json.deepMerge(params, jobParams);
        buckets.checkParams(jobParams, operation, source.name);
    }

    private static JsonNode parse(String name, Path work) {
        JsonNode request;
        try {
            request = Json.readInput(Files.readString(work));
        } catch (JsonProcessingException e) {
            throw JobFailure.input(name + " is not valid JSON: " + Json.problem(e));
        } catch (CharacterCodingException e) {
            throw JobFailure.input(name + " is not UTF-8 text: save it as UTF-8 (JSON files are UTF-8)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (request == null || !request.isObject()) {
            throw JobFailure.input(name + " must hold a JSON object such as {\"url\": \"https://…\", \"params\": {…}}");
        }
        return request;
    }

    /** The media the job file names; none only for an operation that may take its media from params (e.g. a PAI post's images). */
    private static void readMedia(JobSource source, JsonNode request, VendorOperation operation) {
        source.url = text(request, "url", source.name);
        source.oss = text(request, "oss", source.name);
        JsonNode urls = request.get("urls");
        if (urls != null) {
            boolean textual = urls.isArray() && urls.size() > 0;
            for (JsonNode url : urls) {
                textual &= url.isTextual() && url.asText().matches("(?i)^https?://.+");
            }
            if (!textual) {
                throw JobFailure.input(source.name + ": urls must be a list of http(s) URLs");
            }
            if (urls.size() > 1 && !operation.takesBatches()) {
                throw JobFailure.input(source.name + ": this operation takes one media item; give \"url\" (or \"urls\" with exactly one URL)");
            }
            if (urls.size() == 1) {
                source.url = urls.get(0).asText();
            } else {
                source.urls = new ArrayList<>();
                urls.forEach(url -> source.urls.add(url.asText()));
            }
        }
        if (source.url != null && source.oss != null
                || source.url == null && source.oss == null && source.urls == null && !operation.mediaInParams()) {
            throw JobFailure.input(source.name + " must name exactly one media item: \"url\" or \"oss\"");
        }
        if (source.url != null && !source.url.matches("(?i)^https?://.+")) {
            throw JobFailure.input(source.name + ": url must start with http:// or https://, was '" + source.url + "'");
        }
        for (String url : source.urls != null ? source.urls : source.url != null ? List.of(source.url) : List.<String>of()) {
            String problem = MediaUrls.problem(url);
            if (problem != null) {
                throw JobFailure.input(source.name + ": " + problem);
            }
        }
        if (source.oss != null && !source.oss.matches("^oss://[^/]+/.+")) {
            throw JobFailure.input(source.name + ": oss must look like oss://bucket/key, was '" + source.oss + "'");
        }
    }

    private static String text(JsonNode request, String key, String name) {
        JsonNode value = request.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw JobFailure.input(name + ": " + key + " must be a non-empty string");
        }
        return value.asText().trim();
    }
}
