package io.bgtasks.paging;

/**
 * The {@code after} parameter of a listing is not a cursor one of its pages gave out (mistyped, cut short, from
 * another tool). Answered as 400 over HTTP; the message names the fix and does not echo the value.
 */
public final class InvalidCursorException extends IllegalArgumentException {
    /** The one message: the value itself is not repeated, so nothing a client sent is reflected back. */
    public static final String MESSAGE = "the 'after' cursor is not one this listing gave out; "
        + "pass the 'next' value of a page unchanged, or omit 'after' for the first page";

    /** Creates the exception with its one message. */
    public InvalidCursorException() {
        super(MESSAGE);
    }
}
