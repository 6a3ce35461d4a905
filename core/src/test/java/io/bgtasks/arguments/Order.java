package io.bgtasks.arguments;

import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A record nesting the other supported shapes. */
@Serdeable
public record Order(String id, List<Line> lines, Map<String, String> tags, Optional<String> note, Color color, Instant at,
                    BigDecimal total, BigInteger reference) {
}
