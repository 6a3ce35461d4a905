package io.bgtasks.arguments;

import io.bgtasks.TaskHandler;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** One task per argument type, so that each value is encoded and decoded with its declared type; each hands what it receives to {@link Deliveries}. */
@TaskHandler
public class TypedTasks {
    public void string(String v) {
        Deliveries.got(v);
    }

    public void character(char v) {
        Deliveries.got(v);
    }

    public void integer(int v) {
        Deliveries.got(v);
    }

    public void boxedInteger(Integer v) {
        Deliveries.got(v);
    }

    public void longValue(long v) {
        Deliveries.got(v);
    }

    public void boxedLong(Long v) {
        Deliveries.got(v);
    }

    public void shortValue(short v) {
        Deliveries.got(v);
    }

    public void byteValue(byte v) {
        Deliveries.got(v);
    }

    public void bool(boolean v) {
        Deliveries.got(v);
    }

    public void doubleValue(double v) {
        Deliveries.got(v);
    }

    public void floatValue(float v) {
        Deliveries.got(v);
    }

    public void decimal(BigDecimal v) {
        Deliveries.got(v);
    }

    public void bigInteger(BigInteger v) {
        Deliveries.got(v);
    }

    public void instant(Instant v) {
        Deliveries.got(v);
    }

    public void localDate(LocalDate v) {
        Deliveries.got(v);
    }

    public void localDateTime(LocalDateTime v) {
        Deliveries.got(v);
    }

    public void localTime(LocalTime v) {
        Deliveries.got(v);
    }

    public void offsetDateTime(OffsetDateTime v) {
        Deliveries.got(v);
    }

    public void duration(Duration v) {
        Deliveries.got(v);
    }

    public void uuid(UUID v) {
        Deliveries.got(v);
    }

    public void color(Color v) {
        Deliveries.got(v);
    }

    public void optional(Optional<String> v) {
        Deliveries.got(v);
    }

    public void optionalDecimal(Optional<BigDecimal> v) {
        Deliveries.got(v);
    }

    public void decimals(List<BigDecimal> v) {
        Deliveries.got(v);
    }

    public void names(Set<String> v) {
        Deliveries.got(v);
    }

    public void counts(Map<String, Long> v) {
        Deliveries.got(v);
    }

    public void line(Line v) {
        Deliveries.got(v);
    }

    public void lines(List<Line> v) {
        Deliveries.got(v);
    }

    public void order(Order v) {
        Deliveries.got(v);
    }


    // shapes that must be refused
    public void note(Note v) {
        Deliveries.got(v);
    }

    public void writeOnly(WriteOnly v) {
        Deliveries.got(v);
    }

    public void opaque(Opaque v) {
        Deliveries.got(v);
    }

}
