package io.mediagate.component;

import org.apache.camel.spi.Metadata;

/** The headers the mediagate component reads and sets. */
public final class MediagateConstants {

    @Metadata(label = "producer", description = "Params of this call as a JSON object (text or JsonNode), merged over the"
            + " endpoint's params and a job request's own", javaType = "String")
    public static final String PARAMS = "CamelMediagateParams";
    @Metadata(label = "producer", description = "The media's file name when the body is bytes or a stream; its extension"
            + " tells the media's type. Else Camel's file name header, else the endpoint's fileName", javaType = "String")
    public static final String FILE_NAME = "CamelMediagateFileName";

    @Metadata(label = "producer", description = "How the job ended: succeeded (else the exchange fails with"
            + " MediagateVendorException)", javaType = "String")
    public static final String STATUS = "CamelMediagateStatus";
    @Metadata(label = "producer", description = "The job's id, as in the envelope", javaType = "String")
    public static final String JOB_ID = "CamelMediagateJobId";
    @Metadata(label = "producer", description = "The vendor's task id of an asynchronous operation", javaType = "String")
    public static final String TASK_ID = "CamelMediagateTaskId";
    @Metadata(label = "producer", description = "The vendor's request ids of every call the job made, oldest first",
            javaType = "java.util.List<String>")
    public static final String REQUEST_IDS = "CamelMediagateRequestIds";
    @Metadata(label = "producer", description = "The files the job produced (e.g. ICE's covers), downloaded into the"
            + " endpoint's artifactsDir: their paths, in the envelope's artifacts order", javaType = "java.util.List<String>")
    public static final String ARTIFACTS = "CamelMediagateArtifacts";
    @Metadata(label = "producer", description = "How many calls the job made to the vendor (submits, polls, retries)",
            javaType = "int")
    public static final String VENDOR_CALLS = "CamelMediagateVendorCalls";

    private MediagateConstants() {
    }
}
