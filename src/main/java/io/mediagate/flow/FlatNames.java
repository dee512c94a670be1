package io.mediagate.flow;

import java.util.UUID;

/**
 * An input's relative path ({@code opensearch/object-detect/cat.jpg}) kept in one file name, so that taking a file in
 * and filing it under its job makes no folders for its path: {@code %} becomes {@code %25} and {@code /} becomes
 * {@code %2F}, nothing else, so the name stays readable and ends like the input
 * ({@code opensearch%2Fobject-detect%2Fcat.jpg}). On a busy gateway every folder made and removed per job is an inode
 * allocated and freed, the costliest file operation of a job (bench/README).
 * <p>
 * A path whose flat name would not fit in a file name ({@value FileNames#MAX_BYTES} bytes) gets no flat name: it is
 * filed under folders of its path, as earlier versions filed every input, and both layouts are read back.
 */
final class FlatNames {

    /** A job's input in its folder: {@code input.<flat path>}. */
    static final String INPUT = "input.";
    /** A claim: {@code <36-character UUID>.<flat path>}. */
    private static final int CLAIM_PREFIX = 37;

    private FlatNames() {
    }

    /** The name of a new claim of the input at {@code relative}, or null when its path is too long for one name. */
    static String claim(String relative) {
        return fitting(UUID.randomUUID() + "." + flat(relative));
    }

    /** The name of a job's input in its folder, or null when its path is too long for one name. */
    static String input(String relative) {
        return fitting(INPUT + flat(relative));
    }

    /** The relative path a claim's name holds (see {@link #claim}), or null when the name is no flat claim. */
    static String relativeOfClaim(String name) {
        return name.length() > CLAIM_PREFIX && name.charAt(CLAIM_PREFIX - 1) == '.' ? path(name.substring(CLAIM_PREFIX)) : null;
    }

    /** The relative path a job's input name holds (see {@link #input}), or null when the name is no flat input. */
    static String relativeOfInput(String name) {
        return name.startsWith(INPUT) ? path(name.substring(INPUT.length())) : null;
    }

    static String flat(String relative) {
        return relative.replace("%", "%25").replace("/", "%2F");
    }

    static String path(String flat) {
        StringBuilder path = new StringBuilder(flat.length());
        for (int i = 0; i < flat.length(); i++) {
            if (flat.startsWith("%2F", i)) {
                path.append('/');
                i += 2;
            } else if (flat.startsWith("%25", i)) {
                path.append('%');
                i += 2;
            } else {
                path.append(flat.charAt(i));
            }
        }
        return path.toString();
    }

    private static String fitting(String name) {
        return FileNames.bytes(name) <= FileNames.MAX_BYTES ? name : null;
    }
}
