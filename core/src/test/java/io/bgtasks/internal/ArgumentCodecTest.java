package io.bgtasks.internal;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The direct encoding of plain scalars must read back exactly as the general (tree) path would give them. */
class ArgumentCodecTest {
    private final JsonMapper json = JsonMapper.createDefault();

    @Test
    void plainScalarsReadBackAsTheSameValues() throws Exception {
        String tricky = "quote \" backslash \\ newline \n tab \t cr \r nul \u0000 bell \u0007 unicode é ✓ 😀 </script>";
        Argument<?>[] params = {Argument.STRING, Argument.INT, Argument.of(Long.class), Argument.BOOLEAN, Argument.of(short.class),
            Argument.of(Byte.class)};
        Object[] args = {tricky, Integer.MIN_VALUE, Long.MAX_VALUE, true, (short) -7, (byte) 127};
        String encoded = ArgumentCodec.plainScalars(params, args);
        JsonNode array = json.readValue(encoded, Argument.of(JsonNode.class));
        assertEquals(args.length, array.size());
        for (int i = 0; i < args.length; i++) {
            assertEquals(args[i], json.readValueFromTree(array.get(i), params[i]), "argument " + i + " of " + encoded);
        }
        assertEquals(json.writeValueAsString(List.of("a\"b", 1)), ArgumentCodec.plainScalars(
            new Argument<?>[]{Argument.STRING, Argument.INT}, new Object[]{"a\"b", 1}), "same text as Jackson writes");
        assertEquals("[]", ArgumentCodec.plainScalars(new Argument<?>[0], new Object[0]));
    }

    @Test
    void plainScalarsAreReadStraightFromTheTreeAsTheGeneralPathReadsThem() throws Exception {
        String tricky = "quote \" backslash \\ é 😀";
        Argument<?>[] params = {Argument.STRING, Argument.INT, Argument.of(Long.class), Argument.BOOLEAN, Argument.of(short.class),
            Argument.of(Byte.class), Argument.LONG};
        Object[] args = {tricky, Integer.MIN_VALUE, Long.MAX_VALUE, false, Short.MIN_VALUE, (byte) -128, 5L};
        JsonNode array = json.readValue(ArgumentCodec.plainScalars(params, args), Argument.of(JsonNode.class));
        for (int i = 0; i < args.length; i++) {
            Object fast = ArgumentCodec.plainScalar(array.get(i), params[i].getWrapperType());
            assertEquals(args[i], fast, "argument " + i);
            assertEquals(json.readValueFromTree(array.get(i), params[i]), fast, "as the general path, argument " + i);
        }
    }

    @Test
    void outOfRangeOrMistypedScalarsAreLeftToTheGeneralPath() throws Exception {
        JsonNode array = json.readValue("[2147483648, 1.5, 12345678901234567890, \"7\", 1, true, 300]", Argument.of(JsonNode.class));
        assertNull(ArgumentCodec.plainScalar(array.get(0), Integer.class), "above int");
        assertNull(ArgumentCodec.plainScalar(array.get(1), Long.class), "fraction");
        assertNull(ArgumentCodec.plainScalar(array.get(2), Long.class), "above long");
        assertNull(ArgumentCodec.plainScalar(array.get(3), Integer.class), "string for a number");
        assertNull(ArgumentCodec.plainScalar(array.get(4), String.class), "number for a string");
        assertNull(ArgumentCodec.plainScalar(array.get(5), Integer.class), "boolean for a number");
        assertNull(ArgumentCodec.plainScalar(array.get(6), Byte.class), "above byte");
    }

    @Test
    void everythingElseTakesTheCheckedPath() {
        assertNull(ArgumentCodec.plainScalars(new Argument<?>[]{Argument.STRING}, new Object[]{null}), "null");
        assertNull(ArgumentCodec.plainScalars(new Argument<?>[]{Argument.of(double.class)}, new Object[]{1.5}), "floating point");
        assertNull(ArgumentCodec.plainScalars(new Argument<?>[]{Argument.of(Object.class)}, new Object[]{1}), "declared as Object");
        assertNull(ArgumentCodec.plainScalars(new Argument<?>[]{Argument.of(CharSequence.class)}, new Object[]{"x"}), "declared as CharSequence");
        assertNull(ArgumentCodec.plainScalars(new Argument<?>[]{Argument.of(Instant.class)}, new Object[]{Instant.EPOCH}), "other types");
    }
}
