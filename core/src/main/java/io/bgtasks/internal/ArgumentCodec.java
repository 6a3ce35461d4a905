package io.bgtasks.internal;

import io.bgtasks.NotDurableTaskException;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.engine.RegisteredTask;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Task arguments as a JSON array, each encoded with its parameter's declared type through Micronaut's
 * {@link JsonMapper}. {@link #encode} proves that a worker gets back exactly what was added: it stores the
 * text as the UTF-8 bytes a durable backend keeps, decodes them with {@link #decode}, the very method every
 * worker uses, and compares the result with the arguments ({@link ExactComparison}). An argument that would
 * change is refused at {@code addTask}, on every backend.
 */
@Singleton
public final class ArgumentCodec {
    /** The plain scalars: JSON carries them whole, so they are written and read without the mapper. */
    private static final Set<Class<?>> PLAIN = Set.of(String.class, Integer.class, Long.class, Short.class, Byte.class,
        Boolean.class);
    /** Types whose JSON {@code null} is a value (empty), not a missing one. */
    private static final Set<Class<?>> OPTIONALS = Set.of(Optional.class, OptionalInt.class, OptionalLong.class,
        OptionalDouble.class);
    private static final String FIX = "Pass a value type that JSON carries whole (String, a number, BigDecimal, a java.time "
        + "value, an enum, a @Serdeable record, or lists, sets and maps of those) as the parameter's exact declared type, "
        + "or pass an id and load the object in the task.";

    private final JsonMapper json;

    /**
     * Encoded arguments.
     *
     * @param json   the JSON array that is stored or handed on
     * @param values when every argument is a plain immutable scalar, the arguments themselves, which is what
     *               decoding {@code json} gives: a backend that runs the task in this JVM uses them instead of
     *               decoding the JSON again. Null otherwise, so that every attempt of a task decodes its own
     *               fresh copy of a mutable argument, as on a durable backend
     */
    public record Encoded(String json, Object[] values) {
    }

    ArgumentCodec(JsonMapper json) {
        this.json = json;
    }

    /**
     * Encodes the arguments and checks that a worker decodes exactly them.
     *
     * @param task the target method
     * @param args the arguments, one per parameter
     * @return the JSON array and, for plain scalars, its decoded values
     * @throws NotDurableTaskException naming the argument and the fix when one would not arrive as added
     */
    public Encoded encode(RegisteredTask task, Object[] args) {
        Argument<?>[] params = task.parameters();
        if (params.length != args.length) {
            throw new NotDurableTaskException(task.name() + " takes " + params.length + " arguments, got " + args.length);
        }
        String plain = plainScalars(params, args);
        if (plain != null) {
            return new Encoded(plain, args.clone());
        }
        StringBuilder s = new StringBuilder(64).append('[');
        for (int i = 0; i < args.length; i++) {
            s.append(i == 0 ? "" : ",").append(encodeOne(task, i, params[i], args[i]));
        }
        String encoded = s.append(']').toString();
        Object[] received = received(task, encoded);
        for (int i = 0; i < args.length; i++) {
            ExactComparison.Mismatch m = ExactComparison.compare(args[i], received[i]);
            if (m != null) {
                throw refusal(task, i, params[i], m);
            }
        }
        return new Encoded(encoded, null);
    }

    /**
     * Decodes arguments stored by {@link #encode}: each element from its own text with its parameter's type, so
     * that a decimal is read as the declared {@code BigDecimal}, never through a double.
     *
     * @param task     the target method
     * @param argsJson the JSON array
     * @return one value per parameter
     * @throws PoisonTaskException when the JSON does not fit the method's parameters
     */
    public Object[] decode(RegisteredTask task, String argsJson) throws PoisonTaskException {
        Argument<?>[] params = task.parameters();
        List<String> texts;
        try {
            texts = JsonSlices.elements(argsJson);
        } catch (RuntimeException e) {
            throw new PoisonTaskException("arguments of " + task.name() + " are not a JSON array: " + e.getMessage(), e);
        }
        if (texts.size() != params.length) {
            throw new PoisonTaskException("arguments of " + task.name() + " must be a JSON array of " + params.length
                + " values, got " + abbreviate(argsJson), null);
        }
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            try {
                values[i] = decodeOne(texts.get(i), params[i]);
            } catch (IOException | RuntimeException e) {
                throw new PoisonTaskException("argument " + (i + 1) + " of " + task.name() + " is not a valid "
                    + params[i].getTypeString(true) + ": " + e.getMessage(), e);
            }
            if (values[i] == null && params[i].isPrimitive()) {
                throw new PoisonTaskException("argument " + (i + 1) + " of " + task.name() + " is null but the parameter is "
                    + params[i].getTypeString(true), null);
            }
        }
        return values;
    }

    /** What a worker receives: the text as stored (UTF-8 bytes), decoded as every worker decodes it. */
    private Object[] received(RegisteredTask task, String encoded) {
        String stored = new String(encoded.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        try {
            return decode(task, stored);
        } catch (PoisonTaskException e) {
            if (String.valueOf(e.getMessage()).contains("surrogate pair in property name")) {
                throw new NotDurableTaskException(e.getMessage() + ". A map key (a JSON property name) cannot hold an "
                    + "unpaired UTF-16 surrogate: JSON readers refuse it there, though they read it in a value. Remove "
                    + "the lone surrogate from the key (Character.isSurrogate finds it), or carry that text as a value.", e);
            }
            throw new NotDurableTaskException(e.getMessage() + ". The arguments are encoded as " + abbreviate(encoded)
                + " but cannot be decoded back: give the argument's type a @Serdeable shape that reads what it writes "
                + "(a record works), or pass an id and load the object in the task.", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private String encodeOne(RegisteredTask task, int index, Argument param, Object value) {
        if (value == null) {
            if (param.isPrimitive()) {
                throw new NotDurableTaskException(which(task, index, param) + " is a primitive and cannot be null");
            }
            if (OPTIONALS.contains(param.getType())) {
                throw new NotDurableTaskException(which(task, index, param) + " is null, which would arrive as an empty "
                    + param.getType().getSimpleName() + ". Pass " + param.getType().getSimpleName() + ".empty() for no value.");
            }
            return "null";
        }
        try {
            return json.writeValueAsString(param, value);
        } catch (IOException | RuntimeException e) {
            if (value.getClass().getName().startsWith("java.")) {
                // a JDK type JSON carries, with a value beyond its JSON form (a Duration is written in nanoseconds)
                throw new NotDurableTaskException(which(task, index, param) + " cannot be encoded as JSON: " + e.getMessage()
                    + ". Pass a value its JSON form can hold, or pass an id and load the value in the task.", e);
            }
            throw new NotDurableTaskException(which(task, index, param) + " cannot be encoded as JSON: " + e.getMessage()
                + ". Durable backends store arguments as JSON: annotate " + value.getClass().getName()
                + " with @Serdeable (io.micronaut.serde.annotation.Serdeable), or pass an id and load the object in the task.", e);
        }
    }

    private static NotDurableTaskException refusal(RegisteredTask task, int index, Argument<?> param, ExactComparison.Mismatch m) {
        String where = m.path().isEmpty() ? "" : " at " + m.path();
        if (m.hidden()) {
            return new NotDurableTaskException(which(task, index, param) + " would arrive without part of its state" + where
                + ": " + m.detail() + ". Make it a @Serdeable record, or give each such field a public getter and a setter "
                + "or constructor parameter, or pass an id and load the object in the task.");
        }
        return new NotDurableTaskException(which(task, index, param) + " does not survive a JSON round trip" + where + ": "
            + m.detail() + ". " + FIX);
    }

    private static String which(RegisteredTask task, int index, Argument<?> param) {
        return "argument " + (index + 1) + " of " + task.name() + " (" + param.getTypeString(true) + ")";
    }

    /**
     * The common case without the round trip: every argument a String, int, long, short, byte or boolean
     * (boxed or not) of exactly its parameter's type. JSON carries these whole ({@link JsonText} escapes what
     * UTF-8 could not store), so the check cannot fail for them, and writing them directly is several times
     * cheaper (this is on the request path).
     *
     * @return the JSON array, or null when some argument needs the general path
     */
    static String plainScalars(Argument<?>[] params, Object[] args) {
        StringBuilder s = null;
        for (int i = 0; i < args.length; i++) {
            Object value = args[i];
            if (value == null || params[i].getWrapperType() != value.getClass() || !PLAIN.contains(value.getClass())) {
                return null;
            }
            if (s == null) {
                s = new StringBuilder(16 + args.length * 16).append('[');
            } else {
                s.append(',');
            }
            if (value instanceof String text) {
                JsonText.quote(s, text);
            } else {
                s.append(value);
            }
        }
        return s == null ? "[]" : s.append(']').toString();
    }

    private Object decodeOne(String text, Argument<?> param) throws IOException {
        Object plain = plainScalar(text, param.getWrapperType());
        if (plain != null) {
            return plain;
        }
        if ("null".equals(text) && !OPTIONALS.contains(param.getType())) {
            return null;
        }
        return json.readValue(text, param);
    }

    /**
     * The scalars {@link #plainScalars} writes, read straight from their text (a durable worker decodes every
     * task's arguments); null to take the mapper's path, which also produces the error for a wrong shape.
     *
     * @param text a JSON value's text, already checked to be valid JSON
     * @param type the parameter's wrapper type
     */
    static Object plainScalar(String text, Class<?> type) {
        if (!PLAIN.contains(type)) {
            return null;
        }
        if (type == String.class) {
            boolean simple = text.length() >= 2 && text.charAt(0) == '"' && text.indexOf('\\') < 0;
            return simple ? text.substring(1, text.length() - 1) : null; // escapes: the mapper reads them
        }
        if (type == Boolean.class) {
            return "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
        }
        if (!isSmallInteger(text)) {
            return null; // fractions, exponents and big integers: the mapper decides
        }
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException beyondLong) {
            return null;
        }
        if (type == Long.class) {
            return v;
        }
        if (type == Integer.class) {
            return v == (int) v ? (Object) (int) v : null;
        }
        if (type == Short.class) {
            return v == (short) v ? (Object) (short) v : null;
        }
        return v == (byte) v ? (Object) (byte) v : null; // Byte, the last of PLAIN
    }

    /** A JSON integer literal of at most 19 digits (a long, unless beyond its range). */
    private static boolean isSmallInteger(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        int digits = text.length() - start;
        if (digits < 1 || digits > 19 || (text.charAt(start) == '0' && digits > 1)) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
