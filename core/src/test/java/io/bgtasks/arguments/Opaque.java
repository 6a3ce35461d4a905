package io.bgtasks.arguments;

/** Not @Serdeable: no JSON shape at all. Must be refused. */
public class Opaque {
    final String value;

    /** @param value anything */
    public Opaque(String value) {
        this.value = value;
    }
}
