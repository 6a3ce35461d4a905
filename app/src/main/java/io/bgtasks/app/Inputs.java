package io.bgtasks.app;

/** Patterns the example app's endpoints validate their input with. */
public final class Inputs {
    /** A UUID in its canonical lowercase form: what the app's ids are. */
    public static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    /** Text without control characters (NUL, newlines, escapes), for names and product codes. */
    public static final String NO_CONTROL_CHARACTERS = "[^\\p{Cntrl}]*";

    private Inputs() {
    }
}
