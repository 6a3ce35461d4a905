package com.example.signup;

import io.micronaut.serde.annotation.Serdeable;

/** A task argument of the application's own type: it travels as JSON, so it is @Serdeable. */
// tag::argument-type[]
@Serdeable
public record Welcome(String email, String plan, int trialDays) {
}
// end::argument-type[]
