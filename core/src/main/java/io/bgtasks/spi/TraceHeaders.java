package io.bgtasks.spi;

import io.micronaut.core.annotation.Nullable;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The trace a batch was submitted in, as the W3C Trace Context headers: the request's span, so that the batch's task
 * spans can continue its trace (see docs/operations.md, Tracing). Plain text, so that the SPI needs no tracing library
 * and every backend can store it as it stores the payload.
 *
 * @param traceparent the {@code traceparent} header ({@code 00-<trace id>-<span id>-<flags>})
 * @param tracestate  the {@code tracestate} header, or null when empty; one that no header could be (blank, a line
 *                    break, longer than W3C allows) is dropped, since it is optional and the traceparent alone links
 */
public record TraceHeaders(String traceparent, @Nullable String tracestate) {
    // version 00's layout; later versions may append fields after a '-', which W3C tells a reader to ignore
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
    /** W3C allows at most 32 list members of at most 256 characters each; a longer text is not a tracestate. */
    private static final int MAX_TRACESTATE = 32 * 257;

    /** Checks the header's form. */
    public TraceHeaders {
        Objects.requireNonNull(traceparent, "traceparent");
        if (!TRACEPARENT.matcher(traceparent).matches() || traceparent.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("not a W3C traceparent: " + traceparent);
        }
        if (tracestate != null && (tracestate.isBlank() || tracestate.length() > MAX_TRACESTATE
            || tracestate.indexOf('\n') >= 0 || tracestate.indexOf('\r') >= 0)) {
            tracestate = null;
        }
    }

    /**
     * @return the headers as one line, how backends store them: the traceparent, then a space and the tracestate when
     *         there is one (a traceparent never holds a space)
     */
    public String encoded() {
        return tracestate == null ? traceparent : traceparent + ' ' + tracestate;
    }

    /**
     * Reads what {@link #encoded()} wrote. Stored data may be damaged; a value that is not such a line means "no
     * trace": a batch runs the same without one.
     *
     * @param encoded the stored line, or null
     * @return the headers, or null when there are none or they cannot be read
     */
    public static @Nullable TraceHeaders parse(@Nullable String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > 64 + MAX_TRACESTATE) {
            return null;
        }
        int space = encoded.indexOf(' ');
        String parent = space < 0 ? encoded : encoded.substring(0, space);
        if (!TRACEPARENT.matcher(parent).matches()) {
            return null;
        }
        return new TraceHeaders(parent, space < 0 ? null : encoded.substring(space + 1));
    }
}
