package io.mediagate.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Where the input is: a local file taken into the work area, or remote media named in a .job.json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobSource {
    /** Name as dropped, e.g. {@code cat.jpg} or {@code clip.job.json}. */
    public String name;
    /** Absolute path of the file in the work area, while the job lives. */
    public String workFile;
    /** Whether the input was a {@code .job.json} request rather than a media file. */
    public boolean jobFile;
    public Long bytes;
    /** The input's last-modified time when it was taken in (epoch millis): a later change means a writer still writing. */
    public Long modifiedAt;
    public String url;
    /** Several videos of one job file, sent as one batch call (each gets its own envelope). */
    public List<String> urls;
    public String oss;
    /** Where the gateway staged the local file for a vendor that reads media from OSS ({@code oss://…}). */
    public String staged;
    /** The input's place in OSS: where the gateway staged the dropped file, else the job file's {@code oss}. */
    @JsonIgnore
    public String ossPath() {
        return staged != null ? staged : oss;
    }

    /** What the gateway learned from the media itself (kind, format, width, height, duration). */
    public ObjectNode media;
}
