package io.bgtasks.internal;

/** Writing JSON text by hand where building a tree would cost more than the value is worth (hot paths). */
public final class JsonText {
    private JsonText() {
    }

    /**
     * Appends a JSON string literal: quote, backslash, control characters and unpaired surrogates escaped,
     * everything else as is. An unpaired surrogate has no UTF-8 form (storage would keep {@code ?}); escaped as
     * backslash, u and four hex digits it is plain ASCII that JSON readers turn back into the same char, as
     * Jackson writes it too.
     *
     * @param s    where to append
     * @param text the string
     */
    public static void quote(StringBuilder s, String text) {
        s.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c) && !paired(text, i)) {
                        s.append(String.format("\\u%04X", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }

    /** @return whether the surrogate at {@code i} is half of a pair */
    private static boolean paired(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c)
            ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
            : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
