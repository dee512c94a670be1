package io.mediagate;

/**
 * Why the gateway could not start, in one line: the message of the innermost error mediagate itself raised (a setting
 * it could not read names the setting and its value), else of the innermost cause. Camel wraps a configuration error
 * in its own ("Failed to create route …"), and the innermost cause alone can be a parser's bare complaint
 * ({@code For input string: "abc"}) that names no setting.
 */
final class StartFailure {

    private StartFailure() {
    }

    static String reason(Throwable failure) {
        Throwable ours = null;
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            StackTraceElement[] at = cause.getStackTrace();
            if (at.length > 0 && at[0].getClassName().startsWith("io.mediagate.")) {
                ours = cause;
            }
            root = cause;
        }
        return (ours != null ? ours : root).getMessage();
    }
}
