package io.mediagate.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One output file of the vendor, downloaded for a job (its {@code artifacts}).
 *
 * @param name      file name, unique within the job (delivered as {@code <input name>.<name>})
 * @param file      path below the job's work folder
 * @param source    where it came from ({@code oss://…} or a URL)
 * @param bytes     its size
 * @param temporary whether the gateway put it in OSS itself (its default output folder): deleted after delivery
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Artifact(String name, String file, String source, long bytes, boolean temporary) {
}
