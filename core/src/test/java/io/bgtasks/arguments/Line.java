package io.bgtasks.arguments;

import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;

/** A record as a user writes one: a price that must keep its scale. */
@Serdeable
public record Line(String sku, BigDecimal price, int qty) {
}
