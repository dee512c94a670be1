package io.mediagate.flow;

/**
 * A message on a stage queue whose body is not a job (sent there by hand or by another program): there is no job to
 * fail and no input to answer, so the stage rolls it back and the broker, after twice
 * {@code mediagate.broker.max-deliveries} tries, moves it to {@code mediagate.dead} (routes/errors.camel.yaml).
 */
public final class NotAJob extends RuntimeException {

    public NotAJob(Throwable why) {
        super(why.getMessage(), why);
    }
}
