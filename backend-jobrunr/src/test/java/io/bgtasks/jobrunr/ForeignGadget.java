package io.bgtasks.jobrunr;

/**
 * A class a damaged row names in place of bgtasks' own: loading it, creating it or calling its static method each
 * leave a system property behind, so {@link JobRunrDamagedStorage} can tell that none of it happened. Nothing in the
 * tests refers to it by type (that would load it); rows name it by its class name.
 */
public class ForeignGadget {
    /** Set when the class is loaded, created or called. */
    static final String TOUCHED = "bgtasks.test.foreign-gadget";

    static {
        System.setProperty(TOUCHED, "loaded");
    }

    private String note;

    /** What a JSON reader would call to create one. */
    public ForeignGadget() {
        System.setProperty(TOUCHED, "created");
    }

    /**
     * What a row naming this class's method would run.
     *
     * @param note anything
     */
    public static void touch(String note) {
        System.setProperty(TOUCHED, "ran " + note);
    }
}
