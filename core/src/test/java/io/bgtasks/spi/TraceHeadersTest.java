package io.bgtasks.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The stored form of a batch's trace: what it writes reads back, and damaged text reads as "no trace". */
class TraceHeadersTest {
    private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void whatIsStoredReadsBack() {
        TraceHeaders plain = new TraceHeaders(PARENT, null);
        assertEquals(PARENT, plain.encoded());
        assertEquals(plain, TraceHeaders.parse(plain.encoded()));
        // a tracestate value may hold spaces (not at its end): only the first space separates
        TraceHeaders state = new TraceHeaders(PARENT, "congo=t61rcWkgMzE,rojo=00f067aa 0ba902b7");
        assertEquals(PARENT + " congo=t61rcWkgMzE,rojo=00f067aa 0ba902b7", state.encoded());
        assertEquals(state, TraceHeaders.parse(state.encoded()));
        assertNull(new TraceHeaders(PARENT, "").tracestate(), "an empty tracestate is none");
    }

    @Test
    void damagedTextIsNoTrace() {
        assertNull(TraceHeaders.parse(null));
        assertNull(TraceHeaders.parse(""));
        assertNull(TraceHeaders.parse("garbage"));
        assertNull(TraceHeaders.parse(PARENT.substring(0, 30)));
        assertNull(TraceHeaders.parse(PARENT.toUpperCase()), "W3C ids are lower-case hex");
        assertNull(TraceHeaders.parse("\uFFFD\uFFFD" + PARENT));
        assertNull(TraceHeaders.parse(PARENT + " " + "x".repeat(100_000)), "a value no header could be");
        assertEquals(new TraceHeaders(PARENT, null), TraceHeaders.parse(PARENT + " a\nb"), "a tracestate with a line break is dropped");
    }

    @Test
    void aBatchRefusesAMalformedTraceparent() {
        assertThrows(IllegalArgumentException.class, () -> new TraceHeaders("00-xyz", null));
    }
}
