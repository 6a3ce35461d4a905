package io.bgtasks.internal;

/** Writing JSON text by hand where building a tree would cost more than the value is worth (hot paths). */
public final class JsonText {
    private JsonText() {
    }

    /**
     * Appends a JSON string literal: quote, backslash and control characters escaped, everything else as is.
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
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }
}
