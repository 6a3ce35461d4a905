package io.bgtasks.arguments;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A generator of test values: all its randomness comes from the generator it is given, so the same seed yields the
 * same values (see {@link Tries}). The combinators below are the few the argument tests need.
 *
 * @param <T> the generated type
 */
@FunctionalInterface
public interface Gen<T> {

    /**
     * @param random the only source of randomness
     * @return a value
     */
    T next(RandomGenerator random);

    /**
     * @param f   applied to every value
     * @param <R> the new type
     * @return a generator of the mapped values
     */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    /**
     * @param probability how often null comes instead of a value
     * @return this generator with nulls
     */
    default Gen<T> orNull(double probability) {
        return random -> random.nextDouble() < probability ? null : next(random);
    }

    /**
     * Uniform generation rarely hits the values where codecs break (NaN, -0.0, the bounds of a range), so these are
     * mixed in directly.
     *
     * @param probability how often one of the values comes instead of a generated one
     * @param values      the special values, each equally likely
     * @return this generator with the special values
     */
    default Gen<T> edgeCases(double probability, List<? extends T> values) {
        return random -> random.nextDouble() < probability ? values.get(random.nextInt(values.size())) : next(random);
    }

    /**
     * @param min fewest elements
     * @param max most elements
     * @return lists of this generator's values, the size uniform from min to max
     */
    default Gen<List<T>> list(int min, int max) {
        return random -> {
            int size = random.nextInt(min, max + 1);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(next(random));
            }
            return list;
        };
    }

    /**
     * @param max most elements (fewer when values repeat)
     * @return sets of this generator's values, in generation order
     */
    default Gen<Set<T>> set(int max) {
        return list(0, max).map(LinkedHashSet::new);
    }

    /**
     * @param emptyProbability how often the optional is empty
     * @return optionals of this generator's values
     */
    default Gen<Optional<T>> optional(double emptyProbability) {
        return random -> random.nextDouble() < emptyProbability ? Optional.empty() : Optional.of(next(random));
    }

    /**
     * For a rare exclusion only: values are drawn again until one is kept, and a predicate that keeps almost
     * nothing is a mistake in the generator, reported instead of looping forever.
     *
     * @param keep which values to keep
     * @return this generator without the other values
     */
    default Gen<T> filter(Predicate<? super T> keep) {
        return random -> {
            for (int attempt = 0; attempt < 1000; attempt++) {
                T value = next(random);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("the filter kept none of 1000 values");
        };
    }

    /**
     * @param values the choices, each equally likely
     * @param <T>    their type
     * @return a generator picking one of them
     */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> choices = List.of(values);
        return random -> choices.get(random.nextInt(choices.size()));
    }

    /**
     * @param generators the choices, each equally likely
     * @param <T>        their common type
     * @return a generator that asks one of them
     */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        List<Gen<? extends T>> choices = List.of(generators);
        return random -> choices.get(random.nextInt(choices.size())).next(random);
    }
}
