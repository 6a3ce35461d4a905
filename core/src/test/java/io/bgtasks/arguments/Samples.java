package io.bgtasks.arguments;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Generators of task arguments: every supported type with its edge values, and shapes that must be refused. */
public final class Samples {
    private static final BigInteger HUGE = BigInteger.TEN.pow(40);
    private static final long YEAR_1 = -62135596800L;
    private static final long YEAR_9999 = 253402300799L;

    private Samples() {
    }

    /** @return a batch's worth of supported arguments, 1 to 8 */
    public static Arbitrary<List<Sample>> batches() {
        return supported().list().ofMinSize(1).ofMaxSize(8);
    }

    /** @return one argument of a supported type, null included where the parameter allows it */
    @SuppressWarnings("unchecked")
    public static Arbitrary<Sample> supported() {
        return Arbitraries.oneOf(List.of(
            strings().injectNull(0.05).map(v -> Sample.of(TypedTasks::string, v)),
            Arbitraries.chars().all().map(v -> Sample.of(TypedTasks::character, v)),
            Arbitraries.integers().map(v -> Sample.of(TypedTasks::integer, v)),
            Arbitraries.integers().injectNull(0.1).map(v -> Sample.of(TypedTasks::boxedInteger, v)),
            Arbitraries.longs().map(v -> Sample.of(TypedTasks::longValue, v)),
            Arbitraries.longs().between((1L << 53) - 5, (1L << 53) + 5).injectNull(0.1).map(v -> Sample.of(TypedTasks::boxedLong, v)),
            Arbitraries.shorts().map(v -> Sample.of(TypedTasks::shortValue, v)),
            Arbitraries.bytes().map(v -> Sample.of(TypedTasks::byteValue, v)),
            Arbitraries.of(true, false).map(v -> Sample.of(TypedTasks::bool, v)),
            Arbitraries.doubles().withSpecialValue(-0.0).withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY)
                .withSpecialValue(Double.NEGATIVE_INFINITY).withSpecialValue(Double.MIN_VALUE).withSpecialValue(Double.MAX_VALUE)
                .map(v -> Sample.of(TypedTasks::doubleValue, v)),
            Arbitraries.floats().withSpecialValue(-0.0f).withSpecialValue(Float.NaN).withSpecialValue(Float.NEGATIVE_INFINITY).withSpecialValue(Float.MIN_VALUE).map(v -> Sample.of(TypedTasks::floatValue, v)),
            decimals().injectNull(0.05).map(v -> Sample.of(TypedTasks::decimal, v)),
            Arbitraries.bigIntegers().between(HUGE.negate(), HUGE).map(v -> Sample.of(TypedTasks::bigInteger, v)),
            instants().map(v -> Sample.of(TypedTasks::instant, v)),
            instants().map(i -> LocalDate.ofInstant(i, ZoneOffset.UTC)).map(v -> Sample.of(TypedTasks::localDate, v)),
            instants().map(i -> LocalDateTime.ofInstant(i, ZoneOffset.UTC)).map(v -> Sample.of(TypedTasks::localDateTime, v)),
            Arbitraries.longs().between(0, 86_400_000_000_000L - 1).map(LocalTime::ofNanoOfDay).map(v -> Sample.of(TypedTasks::localTime, v)),
            Combinators.combine(instants(), Arbitraries.integers().between(-18 * 3600, 18 * 3600))
                .as((i, offset) -> OffsetDateTime.ofInstant(i, ZoneOffset.ofTotalSeconds(offset)))
                .map(v -> Sample.of(TypedTasks::offsetDateTime, v)),
            Combinators.combine(Arbitraries.longs().between(-9_000_000_000L, 9_000_000_000L), Arbitraries.integers().between(0, 999_999_999))
                .as(Duration::ofSeconds).map(v -> Sample.of(TypedTasks::duration, v)),
            Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new).map(v -> Sample.of(TypedTasks::uuid, v)),
            Arbitraries.of(Color.class).injectNull(0.1).map(v -> Sample.of(TypedTasks::color, v)),
            strings().optional().map(v -> Sample.of(TypedTasks::optional, v)),
            decimals().optional().map(v -> Sample.of(TypedTasks::optionalDecimal, v)),
            decimals().list().ofMaxSize(5).map(v -> Sample.of(TypedTasks::decimals, v)),
            strings().set().ofMaxSize(5).map(v -> Sample.of(TypedTasks::names, v)),
            Arbitraries.maps(keys(), Arbitraries.longs()).ofMaxSize(5).map(v -> Sample.of(TypedTasks::counts, v)),
            lines().injectNull(0.05).map(v -> Sample.of(TypedTasks::line, v)),
            lines().list().ofMaxSize(4).map(v -> Sample.of(TypedTasks::lines, v)),
            orders().map(v -> Sample.of(TypedTasks::order, v))));
    }

    /** @return arguments that must be refused at addTask: state JSON cannot see, no JSON shape, null where it cannot be */
    public static Arbitrary<Sample> refused() {
        return Arbitraries.oneOf(List.of(
            strings().map(s -> Sample.of(TypedTasks::note, new Note(s))),
            strings().map(s -> {
                WriteOnly w = new WriteOnly();
                w.setSecret(s);
                return Sample.of(TypedTasks::writeOnly, w);
            }),
            strings().map(s -> Sample.of(TypedTasks::opaque, new Opaque(s))),
            Arbitraries.just(Sample.of(TypedTasks::integer, (Integer) null)),
            Arbitraries.integers().between(Character.MIN_SURROGATE, Character.MAX_SURROGATE)
                .map(c -> Sample.of(TypedTasks::counts, java.util.Map.of("key" + (char) c.intValue(), 1L))),
            Arbitraries.just(Sample.of(TypedTasks::optional, (java.util.Optional<String>) null))));
    }

    /**
     * Strings from all of Unicode, code point by code point: every plane, NUL and other controls, quotes and
     * backslashes, and unpaired surrogates (a lone half of a pair, as a JSON request body may carry).
     *
     * @return such strings, up to 24 code points
     */
    public static Arbitrary<String> strings() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0x20, 0x7E)),
            net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, Character.MAX_CODE_POINT)),
            net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(Character.MIN_SURROGATE, Character.MAX_SURROGATE)),
            net.jqwik.api.Tuple.of(1, Arbitraries.of(0, 0x1F, 0x7F, (int) '"', (int) '\\', 0xFFFE, 0xFFFF, 0x1F600, Character.MAX_CODE_POINT)));
        return codePoint.list().ofMaxSize(24).map(points -> {
            StringBuilder s = new StringBuilder();
            points.forEach(s::appendCodePoint);
            return s.toString();
        });
    }

    /**
     * Map keys: any string but one with an unpaired surrogate, which Jackson reads back in a value but not in a
     * property name (such a key is refused, see {@link #refused}).
     *
     * @return strings for map keys
     */
    public static Arbitrary<String> keys() {
        return strings().filter(Samples::paired);
    }

    private static boolean paired(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** @return decimals of any scale (negative ones too) and the values of the issue */
    public static Arbitrary<BigDecimal> decimals() {
        return Arbitraries.oneOf(List.of(
            Combinators.combine(Arbitraries.bigIntegers().between(HUGE.negate(), HUGE), Arbitraries.integers().between(-12, 40))
                .as(BigDecimal::new),
            Arbitraries.of(new BigDecimal("12345678901234567.89"), new BigDecimal("10.50"), new BigDecimal("0.00"),
                new BigDecimal("1E+3"), new BigDecimal("-0.000"), new BigDecimal("9007199254740993"))));
    }

    private static Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(YEAR_1, YEAR_9999), Arbitraries.integers().between(0, 999_999_999))
            .as(Instant::ofEpochSecond);
    }

    private static Arbitrary<Line> lines() {
        return Combinators.combine(strings(), decimals(), Arbitraries.integers()).as(Line::new);
    }

    private static Arbitrary<Order> orders() {
        return Combinators.combine(strings(), lines().list().ofMaxSize(3), Arbitraries.maps(keys(), strings()).ofMaxSize(3),
                strings().optional(), Arbitraries.of(Color.class), instants(), decimals(),
                Arbitraries.bigIntegers().between(HUGE.negate(), HUGE))
            .as(Order::new);
    }
}
