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
    void everythingElseTakesTheCheckedPath() {
        assertNull(ArgumentCodec.plainScalars(new Argument<?>[]{Argument.STRING}, new Object[]{null}), "null");
        assertNull(ArgumentCodec.plainScalars(new Argument<?>[]{Argument.of(double.class)}, new Object[]{1.5}), "floating point");
        assertNull(ArgumentCodec.plainScalars(new Argument<?>[]{Argument.of(Object.class)}, new Object[]{1}), "declared as Object");
        assertNull(ArgumentCodec.plainScalars(new Argument<?>[]{Argument.of(CharSequence.class)}, new Object[]{"x"}), "declared as CharSequence");
        assertNull(ArgumentCodec.plainScalars(new Argument<?>[]{Argument.of(Instant.class)}, new Object[]{Instant.EPOCH}), "other types");
    }
}
