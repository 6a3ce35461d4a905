package io.bgtasks.arguments;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tests' own check, independent of the codec's: each received value equals the added one and has its class. */
public final class ExactlyAsAdded {
    private ExactlyAsAdded() {
    }

    /**
     * The fixtures' equals is exact: BigDecimal compares scale, String code units, Double bits, and the records,
     * lists, sets, maps and optionals compare their parts with those.
     *
     * @param added    the samples, in order
     * @param received what the tasks got, in order
     */
    public static void check(List<Sample> added, List<Object> received) {
        assertEquals(added.size(), received.size(), "every task ran");
        for (int i = 0; i < added.size(); i++) {
            Object a = added.get(i).value();
            Object b = received.get(i);
            assertEquals(a, b, "task " + i + ": " + added.get(i));
            if (a != null && !(a instanceof java.util.Collection<?>) && !(a instanceof java.util.Map<?, ?>)) {
                assertEquals(a.getClass(), b.getClass(), "task " + i + " keeps its class");
            }
        }
    }
}
