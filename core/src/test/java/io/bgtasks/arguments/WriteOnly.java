package io.bgtasks.arguments;

import io.micronaut.serde.annotation.Serdeable;

/** Serdeable with a setter but no getter: the value is never written. Must be refused. */
@Serdeable
public class WriteOnly {
    private String secret;

    /** @param secret the value */
    public void setSecret(String secret) {
        this.secret = secret;
    }

    @Override
    public String toString() {
        return "WriteOnly[" + secret + "]";
    }
}
