package io.bgtasks.arguments;

import java.math.BigInteger;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/** Generators of numbers: whole ranges, values near zero, and the edge values where encodings differ. */
public final class Numbers {
    private Numbers() {
    }

    /** @return any long, with small values and the bounds mixed in */
    public static Gen<Long> longs() {
        return longs(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Uniform over a wide range almost never yields 0, 1 or a bound, which is where encodings tend to break, so
     * those are mixed in, and so are values near zero when the range holds it.
     *
     * @param min the least value
     * @param max the greatest value
     * @return longs from min to max, both included
     */
    public static Gen<Long> longs(long min, long max) {
        Gen<Long> uniform = random -> between(random, min, max);
        Gen<Long> gen = min <= 0 && max >= 0
            ? Gen.oneOf(uniform, random -> random.nextLong(Math.max(min, -100), Math.min(max, 100) + 1))
            : uniform;
        List<Long> edges = Stream.of(min, max, 0L, 1L, -1L).filter(v -> v >= min && v <= max).distinct().toList();
        return gen.edgeCases(0.1, edges);
    }

    /** @return any int, as {@link #longs()} */
    public static Gen<Integer> ints() {
        return ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param min the least value
     * @param max the greatest value
     * @return ints from min to max, both included, as {@link #longs(long, long)}
     */
    public static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    /**
     * Raw bits reach every exponent, subnormals and NaNs with payloads; the other two sources give the ordinary
     * values a user passes, with many digits and with few.
     *
     * @return any double, with NaN, both infinities, -0.0 and the extremes mixed in
     */
    public static Gen<Double> doubles() {
        Gen<Double> bits = random -> Double.longBitsToDouble(random.nextLong());
        Gen<Double> ordinary = random -> random.nextDouble(-1e6, 1e6);
        Gen<Double> cents = random -> random.nextInt(-1_000_000, 1_000_001) / 100.0;
        return Gen.oneOf(bits, ordinary, cents).edgeCases(0.2, List.of(0.0, -0.0, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MIN_NORMAL,
            Double.MAX_VALUE, -Double.MAX_VALUE, 0.1, 1.0 / 3));
    }

    /** @return any float, as {@link #doubles()} */
    public static Gen<Float> floats() {
        Gen<Float> bits = random -> Float.intBitsToFloat(random.nextInt());
        Gen<Float> ordinary = random -> random.nextFloat(-1e6f, 1e6f);
        Gen<Float> cents = random -> random.nextInt(-1_000_000, 1_000_001) / 100.0f;
        return Gen.oneOf(bits, ordinary, cents).edgeCases(0.2, List.of(0.0f, -0.0f, Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MIN_NORMAL,
            Float.MAX_VALUE, -Float.MAX_VALUE, 0.1f));
    }

    /**
     * The bit length is drawn first, so that small numbers are as common as ones of forty digits (uniform over the
     * range would give forty digits almost always).
     *
     * @param bound the greatest magnitude
     * @return BigIntegers from -bound to bound
     */
    public static Gen<BigInteger> bigIntegers(BigInteger bound) {
        Gen<BigInteger> gen = random -> {
            int bits = random.nextInt(bound.bitLength() + 1);
            byte[] bytes = new byte[(bits + 7) / 8];
            random.nextBytes(bytes);
            BigInteger magnitude = new BigInteger(1, bytes).shiftRight(bytes.length * 8 - bits).mod(bound.add(BigInteger.ONE));
            return random.nextBoolean() ? magnitude : magnitude.negate();
        };
        return gen.edgeCases(0.1, List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE.negate(), bound, bound.negate()));
    }

    private static long between(RandomGenerator random, long min, long max) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return random.nextLong();
        }
        // nextLong's bound is exclusive; shift the range when max + 1 would overflow
        return max < Long.MAX_VALUE ? random.nextLong(min, max + 1) : random.nextLong(min - 1, max) + 1;
    }
}
