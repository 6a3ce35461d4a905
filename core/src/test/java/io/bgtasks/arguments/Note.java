package io.bgtasks.arguments;

import io.micronaut.serde.annotation.Serdeable;

/** Serdeable, but its field has no accessors: JSON sees an empty object. Must be refused. */
@Serdeable
public class Note {
    private String value;

    /** For the decoder. */
    public Note() {
    }

    /** @param value the text */
    public Note(String value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return "Note[" + value + "]";
    }
}
