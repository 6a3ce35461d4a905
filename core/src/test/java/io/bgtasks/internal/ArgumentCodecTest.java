package io.bgtasks.internal;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The direct encoding of plain scalars must read back exactly as the mapper would give them. */
class ArgumentCodecTest {
    private final JsonMapper json = JsonMapper.createDefault();

    @Test
    void plainScalarsReadBackAsTheSameValues() throws Exception {
        String tricky = "quote \" backslash \\ newline \n tab \t cr \r nul \u0000 bell \u0007 unicode é ✓ 😀 </script> lone \ud800 \udc00 end\ud83d";
        Argument<?>[] params = {Argument.STRING, Argument.INT, Argument.of(Long.class), Argument.BOOLEAN, Argument.of(short.class),
            Argument.of(Byte.class)};
        Object[] args = {tricky, Integer.MIN_VALUE, Long.MAX_VALUE, true, (short) -7, (byte) 127};
        String encoded = ArgumentCodec.plainScalars(params, args);
        assertEquals(encoded, new String(encoded.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "UTF-8 keeps it");
        List<String> texts = JsonSlices.elements(encoded);
        assertEquals(args.length, texts.size());
        for (int i = 0; i < args.length; i++) {
            assertEquals(args[i], json.readValue(texts.get(i), params[i]), "argument " + i + " of " + encoded);
        }
        assertEquals(json.writeValueAsString("a\ud800b\udfff"), ArgumentCodec.plainScalars(new Argument<?>[]{Argument.STRING},
            new Object[]{"a\ud800b\udfff"}).replaceAll("^\\[|]$", ""), "lone surrogates escaped as Jackson escapes them");
        assertEquals(json.writeValueAsString(List.of("a\"b", 1)), ArgumentCodec.plainScalars(
            new Argument<?>[]{Argument.STRING, Argument.INT}, new Object[]{"a\"b", 1}), "same text as Jackson writes");
        assertEquals("[]", ArgumentCodec.plainScalars(new Argument<?>[0], new Object[0]));
    }

    @Test
    void plainScalarsAreReadStraightFromTheirTextAsTheMapperReadsThem() throws Exception {
        String tricky = "plain é 😀 </script>";
        Argument<?>[] params = {Argument.STRING, Argument.INT, Argument.of(Long.class), Argument.BOOLEAN, Argument.of(short.class),
            Argument.of(Byte.class), Argument.LONG};
        Object[] args = {tricky, Integer.MIN_VALUE, Long.MAX_VALUE, false, Short.MIN_VALUE, (byte) -128, 5L};
        List<String> texts = JsonSlices.elements(ArgumentCodec.plainScalars(params, args));
        for (int i = 0; i < args.length; i++) {
            Object fast = ArgumentCodec.plainScalar(texts.get(i), params[i].getWrapperType());
            assertEquals(args[i], fast, "argument " + i);
            assertEquals(json.readValue(texts.get(i), params[i]), fast, "as the mapper, argument " + i);
        }
    }

    @Test
    void outOfRangeOrMistypedScalarsAreLeftToTheGeneralPath() throws Exception {
        List<String> array = JsonSlices.elements("[2147483648, 1.5, 12345678901234567890, \"7\", 1, true, 300, 1e3, -0]");
        assertNull(ArgumentCodec.plainScalar(array.get(0), Integer.class), "above int");
        assertNull(ArgumentCodec.plainScalar(array.get(1), Long.class), "fraction");
        assertNull(ArgumentCodec.plainScalar(array.get(2), Long.class), "above long");
        assertNull(ArgumentCodec.plainScalar(array.get(3), Integer.class), "string for a number");
        assertNull(ArgumentCodec.plainScalar(array.get(4), String.class), "number for a string");
        assertNull(ArgumentCodec.plainScalar(array.get(5), Integer.class), "boolean for a number");
        assertNull(ArgumentCodec.plainScalar(array.get(6), Byte.class), "above byte");
        assertNull(ArgumentCodec.plainScalar(array.get(7), Long.class), "exponent");
        assertNull(ArgumentCodec.plainScalar("\"a\\\"b\"", String.class), "escapes: the mapper reads them");
        assertEquals(0L, ArgumentCodec.plainScalar(array.get(8), Long.class), "minus zero is zero");
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
