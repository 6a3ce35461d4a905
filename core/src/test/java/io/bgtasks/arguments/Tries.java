package io.bgtasks.arguments;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Runs a property on generated values, from a plain JUnit test. Each run draws a new base seed, so that runs
 * together cover more values; {@code -Dbgtasks.seed=...} fixes it, so that a failure can be replayed: try
 * {@code i} gets a generator seeded with {@code seed + i}, and a failure names the seed, the try and the value.
 */
public final class Tries {
    /** The system property that fixes the base seed. */
    public static final String SEED_PROPERTY = "bgtasks.seed";

    // a generator whose seeding mixes its long seed well, so that seeds one apart give unrelated values
    private static final RandomGeneratorFactory<RandomGenerator> ALGORITHM = RandomGeneratorFactory.of("L64X128MixRandom");

    private Tries() {
    }

    /**
     * A property of one generated value: it passes when it returns.
     *
     * @param <T> the value's type
     */
    @FunctionalInterface
    public interface Property<T> {
        /**
         * @param value the generated value
         * @throws Exception when the property does not hold
         */
        void check(T value) throws Exception;
    }

    /**
     * Stops at the first failure; there is no shrinking, the message shows the value as generated.
     *
     * @param tries    how many values to check
     * @param gen      their generator
     * @param property what must hold for each
     * @param <T>      the values' type
     */
    public static <T> void check(int tries, Gen<T> gen, Property<? super T> property) {
        long seed = baseSeed();
        // printed on success too, so that a value that looks wrong in a log can be generated again
        System.out.println("[tries] " + tries + " tries, -D" + SEED_PROPERTY + "=" + seed);
        for (int i = 0; i < tries; i++) {
            RandomGenerator random = ALGORITHM.create(seed + i);
            T value = null;
            try {
                value = gen.next(random);
                property.check(value);
            } catch (Exception | AssertionError e) {
                throw new AssertionError("Failed at try " + (i + 1) + " of " + tries + " with -D" + SEED_PROPERTY
                    + "=" + seed + " (rerun with it to get the same values)\nvalue: " + printable(String.valueOf(value))
                    + "\nfailure: " + printable(String.valueOf(e.getMessage())), e);
            }
        }
    }

    private static long baseSeed() {
        String given = System.getProperty(SEED_PROPERTY, "").strip();
        return given.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(given);
    }

    // the values hold NUL, lone surrogates and other controls, which a console or an XML report would mangle or drop
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || (c >= 0x20 && c < 0x7F)) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.toString();
    }
}
