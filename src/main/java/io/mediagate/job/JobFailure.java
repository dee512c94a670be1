package io.mediagate.job;

/** Thrown where a job cannot go on; carries the error record that ends up in the .error.json. */
public class JobFailure extends RuntimeException {

    private final JobError error;

    public JobFailure(JobError error) {
        super(error.message());
        this.error = error;
    }

    public static JobFailure input(String message) {
        return new JobFailure(JobError.input(message));
    }

    public JobError error() {
        return error;
    }
}
