package io.mediagate.flow;

import io.mediagate.auth.Digests;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Keeps the names the gateway makes from an input's name ({@code cat.jpg.json}, {@code cat.jpg.error.json},
 * {@code cat.1a2b3c4d.jpg}, {@code clip.mp4.cover-00001.jpg}, temp files) within the {@value #MAX_BYTES} bytes a file
 * name may have (ext4, XFS, Btrfs; counted in UTF-8 bytes, so a name of 3-byte characters holds 85 of them).
 * <p>
 * The rule (README, Security): a name that would be longer keeps its ending — from the first dot within its last
 * {@value #KEPT_ENDING_BYTES} bytes, so {@code .png.error.json} or {@code .1a2b3c4d.jpg.json} stays whole — and its
 * beginning, cut at a character boundary to make room for {@code ~} and the first 8 hex digits of the SHA-256 of the whole
 * name: {@code <beginning>~<hash8><ending>}. The same name always gives the same short name, and two long names that
 * begin alike still differ.
 */
final class FileNames {

    static final int MAX_BYTES = 255;
    static final int KEPT_ENDING_BYTES = 64;
    private static final int HASH_BYTES = 1 + 8;

    private FileNames() {
    }

    /** The name itself when it fits, else its shortened form (see the class comment). */
    static String fit(String name) {
        return fit(name, MAX_BYTES);
    }

    /** A relative path ({@code a/b/name}) with its last part fitted. */
    static String fitLast(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + fit(path.substring(slash + 1));
    }

    /** The same for a name that must leave room for more ({@code .<name>.part} while it is downloaded). */
    static String fit(String name, int maxBytes) {
        if (bytes(name) <= maxBytes) {
            return name;
        }
        String ending = ending(name);
        String beginning = name.substring(0, name.length() - ending.length());
        String hash = HexFormat.of().formatHex(Digests.sha256(name), 0, 4);
        return cut(beginning, maxBytes - HASH_BYTES - bytes(ending)) + "~" + hash + ending;
    }

    /** The longest leading part of {@code text} of at most {@code maxBytes} UTF-8 bytes, never splitting a character. */
    static String cut(String text, int maxBytes) {
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = bytes(new String(Character.toChars(codePoint)));
            if (used + size > maxBytes) {
                break;
            }
            used += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    /** From the first dot within the last {@link #KEPT_ENDING_BYTES} bytes of the name (empty when there is none). */
    private static String ending(String name) {
        for (int dot = name.indexOf('.', 1); dot > 0; dot = name.indexOf('.', dot + 1)) {
            if (bytes(name.substring(dot)) <= KEPT_ENDING_BYTES) {
                return name.substring(dot);
            }
        }
        return "";
    }

    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
