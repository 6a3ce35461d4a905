package io.bgtasks.paging;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cursor keeps the full instant and the id through its text, and refuses any other text with one message. */
class CursorTest {
    @Test
    void aCursorReadsBackAsItWasGivenOut() {
        Cursor cursor = new Cursor(Instant.parse("2026-12-01T00:00:00.123456Z"), "01a22f21-99b1-769a-be77-c43e576df318");
        assertEquals(cursor, Cursor.decode(cursor.encode()), "microseconds kept: JobRunr's times have them");
        assertTrue(cursor.encode().matches("[A-Za-z0-9_-]+"), "safe in a URL as it is: " + cursor.encode());
        assertNull(Cursor.decode(null));
        assertNull(Cursor.decode(" "));
    }

    @Test
    void newestFirstOrdersByTimeThenId() {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        List<Cursor> sorted = List.of(new Cursor(t.plusMillis(1), "a"), new Cursor(t, "b"), new Cursor(t, "a"))
            .stream().sorted().toList();
        assertEquals(List.of(new Cursor(t.plusMillis(1), "a"), new Cursor(t, "b"), new Cursor(t, "a")), sorted);
    }

    @Test
    void anyOtherTextIsRefusedWithoutEchoingIt() {
        for (String bad : List.of("%%%", "<script>", encoded("no space"), encoded("yesterday id"), encoded("2026-12-01T00:00:00Z "),
            encoded("2026-12-01T00:00:00Z " + "x".repeat(201)), encoded("2026-12-01T00:00:00Z a\nb"))) {
            InvalidCursorException e = assertThrows(InvalidCursorException.class, () -> Cursor.decode(bad), bad);
            assertEquals(InvalidCursorException.MESSAGE, e.getMessage());
        }
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
