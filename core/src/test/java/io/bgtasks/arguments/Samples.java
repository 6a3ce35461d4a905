package io.bgtasks.arguments;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Generators of task arguments: every supported type with its edge values, and shapes that must be refused. */
public final class Samples {
    private static final BigInteger HUGE = BigInteger.TEN.pow(40);
    private static final long YEAR_1 = -62135596800L;
    private static final long YEAR_9999 = 253402300799L;

    private Samples() {
    }

    /** @return a batch's worth of supported arguments, 1 to 8 */
    public static Gen<List<Sample>> batches() {
        return supported().list(1, 8);
    }

    /** @return one argument of a supported type, null included where the parameter allows it */
    public static Gen<Sample> supported() {
        return Gen.oneOf(
            strings().orNull(0.05).map(v -> Sample.of(TypedTasks::string, v)),
            chars().map(v -> Sample.of(TypedTasks::character, v)),
            Numbers.ints().map(v -> Sample.of(TypedTasks::integer, v)),
            Numbers.ints().orNull(0.1).map(v -> Sample.of(TypedTasks::boxedInteger, v)),
            Numbers.longs().map(v -> Sample.of(TypedTasks::longValue, v)),
            // around 2^53, where a long stops fitting a double exactly
            Numbers.longs((1L << 53) - 5, (1L << 53) + 5).orNull(0.1).map(v -> Sample.of(TypedTasks::boxedLong, v)),
            Numbers.ints(Short.MIN_VALUE, Short.MAX_VALUE).map(v -> Sample.of(TypedTasks::shortValue, v.shortValue())),
            Numbers.ints(Byte.MIN_VALUE, Byte.MAX_VALUE).map(v -> Sample.of(TypedTasks::byteValue, v.byteValue())),
            Gen.of(true, false).map(v -> Sample.of(TypedTasks::bool, v)),
            Numbers.doubles().map(v -> Sample.of(TypedTasks::doubleValue, v)),
            Numbers.floats().map(v -> Sample.of(TypedTasks::floatValue, v)),
            decimals().orNull(0.05).map(v -> Sample.of(TypedTasks::decimal, v)),
            Numbers.bigIntegers(HUGE).map(v -> Sample.of(TypedTasks::bigInteger, v)),
            instants().map(v -> Sample.of(TypedTasks::instant, v)),
            instants().map(i -> LocalDate.ofInstant(i, ZoneOffset.UTC)).map(v -> Sample.of(TypedTasks::localDate, v)),
            instants().map(i -> LocalDateTime.ofInstant(i, ZoneOffset.UTC)).map(v -> Sample.of(TypedTasks::localDateTime, v)),
            Numbers.longs(0, 86_400_000_000_000L - 1).map(LocalTime::ofNanoOfDay).map(v -> Sample.of(TypedTasks::localTime, v)),
            offsetDateTimes().map(v -> Sample.of(TypedTasks::offsetDateTime, v)),
            durations().map(v -> Sample.of(TypedTasks::duration, v)),
            random -> Sample.of(TypedTasks::uuid, new UUID(random.nextLong(), random.nextLong())),
            Gen.of(Color.values()).orNull(0.1).map(v -> Sample.of(TypedTasks::color, v)),
            strings().optional(0.2).map(v -> Sample.of(TypedTasks::optional, v)),
            decimals().optional(0.2).map(v -> Sample.of(TypedTasks::optionalDecimal, v)),
            decimals().list(0, 5).map(v -> Sample.of(TypedTasks::decimals, v)),
            strings().set(5).map(v -> Sample.of(TypedTasks::names, v)),
            maps(keys(), Numbers.longs(), 5).map(v -> Sample.of(TypedTasks::counts, v)),
            lines().orNull(0.05).map(v -> Sample.of(TypedTasks::line, v)),
            lines().list(0, 4).map(v -> Sample.of(TypedTasks::lines, v)),
            orders().map(v -> Sample.of(TypedTasks::order, v)));
    }

    /** @return arguments that must be refused at addTask: state JSON cannot see, no JSON shape, null where it cannot be */
    public static Gen<Sample> refused() {
        return Gen.oneOf(
            strings().map(s -> Sample.of(TypedTasks::note, new Note(s))),
            strings().map(s -> {
                WriteOnly w = new WriteOnly();
                w.setSecret(s);
                return Sample.of(TypedTasks::writeOnly, w);
            }),
            strings().map(s -> Sample.of(TypedTasks::opaque, new Opaque(s))),
            random -> Sample.of(TypedTasks::integer, (Integer) null),
            Numbers.ints(Character.MIN_SURROGATE, Character.MAX_SURROGATE)
                .map(c -> Sample.of(TypedTasks::counts, Map.of("key" + (char) c.intValue(), 1L))),
            random -> Sample.of(TypedTasks::optional, (Optional<String>) null));
    }

    /**
     * Strings from all of Unicode, code point by code point: every plane, NUL and other controls, quotes and
     * backslashes, and unpaired surrogates (a lone half of a pair, as a JSON request body may carry).
     *
     * @return such strings, up to 24 code points
     */
    public static Gen<String> strings() {
        Gen<Integer> special = Gen.of(0, 0x1F, 0x7F, (int) '"', (int) '\\', 0xFFFE, 0xFFFF, 0x1F600, Character.MAX_CODE_POINT);
        // printable ASCII as often as all of Unicode, so that strings also look like what users pass
        Gen<Integer> codePoint = random -> switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> random.nextInt(0x20, 0x7F);
            case 4, 5, 6, 7 -> random.nextInt(0, Character.MAX_CODE_POINT + 1);
            case 8 -> random.nextInt(Character.MIN_SURROGATE, Character.MAX_SURROGATE + 1);
            default -> special.next(random);
        };
        return codePoint.list(0, 24).map(points -> {
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
    public static Gen<String> keys() {
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

    /**
     * Any scale, negative ones too, and trailing zeros (an unscaled value times a power of ten), which a codec that
     * goes through a double or strips zeros would lose; and the values of the issue.
     *
     * @return decimals
     */
    public static Gen<BigDecimal> decimals() {
        Gen<BigInteger> unscaledValues = Numbers.bigIntegers(HUGE);
        Gen<BigDecimal> generated = random -> {
            BigInteger unscaled = unscaledValues.next(random).multiply(BigInteger.TEN.pow(random.nextInt(0, 4)));
            return new BigDecimal(unscaled, random.nextInt(-12, 41));
        };
        return Gen.oneOf(generated, Gen.of(new BigDecimal("12345678901234567.89"), new BigDecimal("10.50"),
            new BigDecimal("0.00"), new BigDecimal("1E+3"), new BigDecimal("-0.000"), new BigDecimal("9007199254740993")));
    }

    // every char, lone surrogates included
    private static Gen<Character> chars() {
        return Numbers.ints(Character.MIN_VALUE, Character.MAX_VALUE).map(c -> (char) c.intValue());
    }

    // years 1 to 9999, with nanoseconds
    private static Gen<Instant> instants() {
        Gen<Long> seconds = Numbers.longs(YEAR_1, YEAR_9999);
        Gen<Integer> nanos = Numbers.ints(0, 999_999_999);
        return random -> Instant.ofEpochSecond(seconds.next(random), nanos.next(random));
    }

    private static Gen<OffsetDateTime> offsetDateTimes() {
        Gen<Instant> instants = instants();
        Gen<Integer> offsets = Numbers.ints(-18 * 3600, 18 * 3600);
        return random -> OffsetDateTime.ofInstant(instants.next(random), ZoneOffset.ofTotalSeconds(offsets.next(random)));
    }

    private static Gen<Duration> durations() {
        Gen<Long> seconds = Numbers.longs(-9_000_000_000L, 9_000_000_000L);
        Gen<Integer> nanos = Numbers.ints(0, 999_999_999);
        return random -> Duration.ofSeconds(seconds.next(random), nanos.next(random));
    }

    private static <K, V> Gen<Map<K, V>> maps(Gen<K> keys, Gen<V> values, int max) {
        return random -> {
            Map<K, V> map = new LinkedHashMap<>();
            for (int size = random.nextInt(max + 1); size > 0; size--) {
                map.put(keys.next(random), values.next(random));
            }
            return map;
        };
    }

    private static Gen<Line> lines() {
        Gen<String> skus = strings();
        Gen<BigDecimal> prices = decimals();
        Gen<Integer> quantities = Numbers.ints();
        return random -> new Line(skus.next(random), prices.next(random), quantities.next(random));
    }

    private static Gen<Order> orders() {
        Gen<String> strings = strings();
        Gen<List<Line>> lines = lines().list(0, 3);
        Gen<Map<String, String>> tags = maps(keys(), strings, 3);
        Gen<Optional<String>> notes = strings.optional(0.2);
        Gen<Color> colors = Gen.of(Color.values());
        Gen<Instant> instants = instants();
        Gen<BigDecimal> totals = decimals();
        Gen<BigInteger> references = Numbers.bigIntegers(HUGE);
        return random -> new Order(strings.next(random), lines.next(random), tags.next(random), notes.next(random),
            colors.next(random), instants.next(random), totals.next(random), references.next(random));
    }
}
