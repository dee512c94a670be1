package io.mediagate.component;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.JobError;
import io.mediagate.json.Json;

/**
 * A vendor call that ended without a result, with the error record the gateway would write for it: its kind
 * ({@code input}, {@code auth}, {@code vendor}, {@code timeout}, {@code internal}), the vendor's code, HTTP status and
 * message. Routes pick it up by type ({@code onException}, {@code doCatch}) and by kind
 * ({@code onWhen: ${exception.kind} == 'auth'}).
 */
public class MediagateVendorException extends RuntimeException {

    private final JobError error;
    private final String errorRecord;

    public MediagateVendorException(JobError error, ObjectNode errorRecord) {
        super(error.kind() + ": " + error.message());
        this.error = error;
        this.errorRecord = Json.write(errorRecord);
    }

    public JobError getError() {
        return error;
    }

    /** The error's kind, e.g. {@code auth}. */
    public String getKind() {
        return error.kind().name();
    }

    /** The vendor's own error code, if it sent one. */
    public String getCode() {
        return error.code();
    }

    public Integer getHttpStatus() {
        return error.httpStatus();
    }

    /** The error record as JSON, the same document the gateway writes as {@code <name>.error.json}. */
    public String getErrorRecord() {
        return errorRecord;
    }
}
