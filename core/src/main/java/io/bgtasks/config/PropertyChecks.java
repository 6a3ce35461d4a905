package io.bgtasks.config;

import io.micronaut.context.exceptions.ConfigurationException;

import java.time.Duration;

/**
 * Checks of {@code bgtasks.*} settings, called from their setters, so that an impossible value stops start-up with
 * a message naming the property, the value and the allowed range, instead of a worker that silently never runs.
 */
public final class PropertyChecks {
    private PropertyChecks() {
    }

    /**
     * @param property the property's full name, for the message
     * @param value    the value set
     * @param min      the least allowed value
     * @param max      the greatest allowed value
     * @return the value
     * @throws ConfigurationException when the value is outside [min, max]
     */
    public static int between(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(property, String.valueOf(value), "an integer from " + min + " to " + max);
        }
        return value;
    }

    /**
     * @param property the property's full name, for the message
     * @param value    the value set
     * @return the value
     * @throws ConfigurationException when the value is null, zero or negative
     */
    public static Duration positive(String property, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw invalid(property, String.valueOf(value), "a positive duration such as 500ms, 30s or 5m");
        }
        return value;
    }

    /**
     * @param property the property's full name, for the message
     * @param value    the value set
     * @return the value
     * @throws ConfigurationException when the value is null or negative
     */
    public static Duration notNegative(String property, Duration value) {
        if (value == null || value.isNegative()) {
            throw invalid(property, String.valueOf(value), "a duration of 0 or more such as 0s, 30s or 5m");
        }
        return value;
    }

    /**
     * @param property the property's full name, for the message
     * @param value    the value set
     * @param min      the least allowed value
     * @param minIncluded whether {@code min} itself is allowed
     * @param max      the bound above
     * @param maxIncluded whether {@code max} itself is allowed
     * @return the value
     * @throws ConfigurationException when the value is NaN or outside the range
     */
    public static double between(String property, double value, double min, boolean minIncluded, double max,
                                 boolean maxIncluded) {
        boolean ok = !Double.isNaN(value)
            && (minIncluded ? value >= min : value > min)
            && (maxIncluded ? value <= max : value < max);
        if (!ok) {
            throw invalid(property, String.valueOf(value), "a number in " + (minIncluded ? "[" : "(") + format(min)
                + ", " + format(max) + (maxIncluded ? "]" : ")"));
        }
        return value;
    }

    /**
     * @param property the property's full name, for the message
     * @param value    the value set
     * @param min      the least allowed value
     * @param why      why the bound exists, for the message
     * @return the value
     * @throws ConfigurationException when the value is null or below {@code min}
     */
    public static Duration atLeast(String property, Duration value, Duration min, String why) {
        if (value == null || value.compareTo(min) < 0) {
            long ms = min.toMillis();
            throw invalid(property, String.valueOf(value), "at least " + (ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms") + ", " + why);
        }
        return value;
    }

    /**
     * @param property the property's full name, for the message
     * @param value    the value set
     * @return the value
     * @throws ConfigurationException when the value is not an absolute URL path
     */
    public static String path(String property, String value) {
        if (value == null || !value.startsWith("/")) {
            throw invalid(property, value, "a path starting with /");
        }
        return value;
    }

    /**
     * @param property the property's full name, for the message
     * @param value    the value set
     * @param allowed  what the property accepts, in words
     * @return an exception that names the property, the value and what is allowed
     */
    public static ConfigurationException invalid(String property, String value, String allowed) {
        return new ConfigurationException("invalid " + property + "=" + value + ": it must be " + allowed);
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) && !Double.isInfinite(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
    }
}
