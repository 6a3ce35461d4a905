package io.bgtasks.internal;

import io.bgtasks.NotDurableTaskException;
import io.bgtasks.spi.PoisonTaskException;
import io.bgtasks.spi.RegisteredTask;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Task arguments as a JSON array, encoded with each parameter's declared type through Micronaut's
 * {@link JsonMapper}. Encoding also proves the round trip, so that an argument a durable backend would
 * corrupt is refused at {@code addTask}, on every backend.
 */
@Singleton
public final class ArgumentCodec {
    /** The plain scalars: JSON carries them whole, so they are written and read without the mapper. */
    private static final Set<Class<?>> PLAIN = Set.of(String.class, Integer.class, Long.class, Short.class, Byte.class,
        Boolean.class);
    private static final ClassValue<Boolean> HAS_OWN_EQUALS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

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
     * Encodes the arguments and checks that decoding gives them back.
     *
     * @param task the target method
     * @param args the arguments, one per parameter
     * @return the JSON array and its decoded values
     * @throws NotDurableTaskException naming the argument and the fix when one does not survive the trip
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
        List<JsonNode> nodes = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            nodes.add(encodeOne(task, i, params[i], args[i]));
        }
        try {
            return new Encoded(json.writeValueAsString(JsonNode.createArrayNode(nodes)), null);
        } catch (IOException e) {
            throw new NotDurableTaskException("cannot write the arguments of " + task.name() + " as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes arguments stored by {@link #encode}.
     *
     * @param task the target method
     * @param argsJson the JSON array
     * @return one value per parameter
     * @throws PoisonTaskException when the JSON does not fit the method's parameters
     */
    public Object[] decode(RegisteredTask task, String argsJson) throws PoisonTaskException {
        JsonNode array;
        try {
            array = json.readValue(argsJson, Argument.of(JsonNode.class));
        } catch (IOException | RuntimeException e) {
            throw new PoisonTaskException("arguments of " + task.name() + " are not valid JSON: " + e.getMessage(), e);
        }
        return decode(task, array);
    }

    /**
     * Decodes arguments already parsed into a JSON tree (a durable backend's payload).
     *
     * @param task  the target method
     * @param array the JSON array
     * @return one value per parameter
     * @throws PoisonTaskException when the JSON does not fit the method's parameters
     */
    public Object[] decode(RegisteredTask task, JsonNode array) throws PoisonTaskException {
        Argument<?>[] params = task.parameters();
        if (array == null || !array.isArray() || array.size() != params.length) {
            throw new PoisonTaskException("arguments of " + task.name() + " must be a JSON array of "
                + params.length + " values, got " + (array == null ? "nothing" : abbreviate(array.toString())), null);
        }
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            try {
                values[i] = decodeOne(array.get(i), params[i]);
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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private JsonNode encodeOne(RegisteredTask task, int index, Argument param, Object value) {
        String which = "argument " + (index + 1) + " of " + task.name() + " (" + param.getTypeString(true) + ")";
        if (value == null) {
            if (param.isPrimitive()) {
                throw new NotDurableTaskException(which + " is a primitive and cannot be null");
            }
            return JsonNode.nullNode();
        }
        JsonNode node;
        Object back;
        try {
            node = json.writeValueToTree(param, value);
        } catch (IOException | RuntimeException e) {
            throw new NotDurableTaskException(which + " cannot be encoded as JSON: " + e.getMessage()
                + ". Durable backends store arguments as JSON: annotate " + value.getClass().getName()
                + " with @Serdeable (io.micronaut.serde.annotation.Serdeable), or pass an id and load the object in the task.", e);
        }
        try {
            back = decodeOne(node, param);
        } catch (IOException | RuntimeException e) {
            throw new NotDurableTaskException(which + " is encoded as " + abbreviate(node.toString())
                + " but cannot be decoded back: " + e.getMessage()
                + ". Give " + value.getClass().getName() + " a @Serdeable shape that reads what it writes (a record works).", e);
        }
        if (!survives(value, back, node, param)) {
            throw new NotDurableTaskException(which + " does not survive a JSON round trip: " + abbreviate(String.valueOf(value))
                + " comes back as " + abbreviate(String.valueOf(back)) + ". Pass a value type that JSON carries whole "
                + "(a @Serdeable record, String, number, java.time value) or an id to load in the task.");
        }
        return node;
    }

    /**
     * The common case without the tree round trip: every argument a String, int, long, short, byte or boolean
     * (boxed or not) of exactly its parameter's type. JSON carries these whole, so the check that encodeOne makes
     * cannot fail for them, and writing them directly is several times cheaper (this is on the request path).
     *
     * @return the JSON array, or null when some argument needs the general path
     */
    static String plainScalars(Argument<?>[] params, Object[] args) {
        StringBuilder s = null;
        for (int i = 0; i < args.length; i++) {
            Object value = args[i];
            if (value == null || params[i].getWrapperType() != value.getClass()) {
                return null;
            }
            if (s == null) {
                s = new StringBuilder(16 + args.length * 16).append('[');
            } else {
                s.append(',');
            }
            if (!PLAIN.contains(value.getClass())) {
                return null;
            }
            if (value instanceof String text) {
                JsonText.quote(s, text);
            } else {
                s.append(value);
            }
        }
        return s == null ? "[]" : s.append(']').toString();
    }

    private Object decodeOne(JsonNode node, Argument<?> param) throws IOException {
        if (node.isNull()) {
            return null;
        }
        Object plain = plainScalar(node, param.getWrapperType());
        return plain != null ? plain : json.readValueFromTree(node, param);
    }

    /**
     * The scalars {@link #plainScalars} writes, read straight from the tree (a durable worker decodes every
     * task's arguments); null to take the general path, which also produces the error for a wrong shape.
     */
    static Object plainScalar(JsonNode node, Class<?> type) {
        if (!PLAIN.contains(type)) {
            return null;
        }
        if (type == String.class) {
            return node.isString() ? node.getStringValue() : null;
        }
        if (type == Boolean.class) {
            return node.isBoolean() ? node.getBooleanValue() : null;
        }
        Number n = node.isNumber() ? node.getNumberValue() : null;
        if (!(n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte)) {
            return null; // fractions and big integers: the general path decides
        }
        long v = n.longValue();
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

    /** Equal by the type's own equals when it has one, else by writing the decoded value again. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean survives(Object value, Object back, JsonNode node, Argument param) {
        if (back == null) {
            return false;
        }
        if (value.getClass().isArray()) {
            return Arrays.deepEquals(new Object[]{value}, new Object[]{back});
        }
        if (HAS_OWN_EQUALS.get(value.getClass())) {
            return Objects.equals(value, back);
        }
        try {
            return node.equals(json.writeValueToTree(param, back));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
