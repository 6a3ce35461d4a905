package io.bgtasks.internal;

import java.time.Duration;
import java.util.Locale;

/** Parses the short durations used in annotations: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601. */
public final class Durations {
    private Durations() {
    }

    /**
     * @param text the duration text
     * @return the duration
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read duration '" + text
                + "': use a number with ms, s, m, h or d (\"500ms\", \"2s\") or ISO-8601 (\"PT2S\")", e);
        }
    }
}
