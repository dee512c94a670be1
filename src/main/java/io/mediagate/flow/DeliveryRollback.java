package io.mediagate.flow;

/**
 * Delivering a job in the stage that got its answer failed for a reason other than the disk (a send of its event or
 * answer, a bug): thrown to roll that stage's transaction back, sends and all (routes/errors.camel.yaml). The broker
 * gives the message again, and the job is delivered from the answer kept beside its record, with no second vendor
 * call ({@link VendorCalls#resumeDelivery}).
 */
public final class DeliveryRollback extends RuntimeException {

    public DeliveryRollback(Throwable cause) {
        super("delivery failed, rolled back to be done again: " + cause, cause);
    }
}
