package io.mediagate.flow;

/**
 * Test-only: halts the JVM, like a power cut or {@code kill -9} (no shutdown hooks, no commits, nothing flushed), at
 * one named moment the data-safety design depends on, so crash tests need not hope a random kill lands there.
 * Off unless the JVM is started with {@code -Dmediagate.test.halt-at=<point>}; read once.
 */
public final class CrashPoints {

    /** The vendor answered a submit call; the stage's transaction has not committed. */
    public static final String SUBMIT_ANSWERED = "submit-answered";
    /** A new job's first message was sent to the broker; the work area's {@code enqueued} marker is not written yet. */
    public static final String SENT_BEFORE_ENQUEUED_MARKER = "sent-before-enqueued-marker";
    /**
     * A job's delivery is done (envelope or error record written, original moved, folder removed); the transaction of the
     * stage that delivered it (deliver, or submit and poll when the vendor's answer ended the job) has not committed.
     */
    public static final String DELIVERED_BEFORE_COMMIT = "delivered-before-commit";
    /** A success's envelope is in outbox/; its original is not yet in done/. */
    public static final String ENVELOPE_BEFORE_ORIGINAL = "envelope-before-original";

    /**
     * A queue request's job is filed in the work area (and on its way to its stage in the request's transaction); the
     * request's memory is not written yet.
     */
    public static final String REQUEST_FILED_BEFORE_MEMORY = "request-filed-before-memory";
    /** A queue request's job is filed and the request remembered; the request's transaction has not committed. */
    public static final String REQUEST_BEFORE_COMMIT = "request-before-commit";

    /** A wait bucket's jobs were sent to their stage's schedule; the release's transaction has not committed. */
    public static final String WAIT_RELEASED_BEFORE_COMMIT = "wait-released-before-commit";

    /** The exit status of a halt, as a SIGKILL gives it. */
    public static final int HALT_STATUS = 137;

    private static final String HALT_AT = System.getProperty("mediagate.test.halt-at", "");

    private CrashPoints() {
    }

    /** Halts the JVM if it was told to at this point. */
    public static void reached(String point) {
        if (HALT_AT.equals(point)) {
            System.err.println("mediagate.test.halt-at: halting at " + point);
            System.err.flush();
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
