package io.bgtasks.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts JSON text into the exact text of its values, without building a tree. A tree would turn every decimal
 * into a double before the declared type is known; a value's own text, read with its declared type, keeps
 * {@code 10.50} a {@code BigDecimal} of scale 2.
 */
public final class JsonSlices {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonSlices() {
    }

    /**
     * @param json JSON text
     * @return a parser over it (close it)
     */
    public static JsonParser parser(String json) {
        return FACTORY.createParser(json);
    }

    /**
     * The text of the elements of a JSON array, each as written.
     *
     * @param json a JSON array
     * @return one text per element, in order
     * @throws JacksonException when {@code json} is not one JSON array
     */
    public static List<String> elements(String json) {
        try (JsonParser p = parser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("not a JSON array");
            }
            List<String> elements = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                elements.add(value(p, json));
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the JSON array");
            }
            return elements;
        }
    }

    /**
     * The text of the value at the parser's current token; the parser is left on its last token.
     *
     * @param p    a parser over {@code json}, on the first token of a value
     * @param json the text the parser reads
     * @return the value's text
     */
    public static String value(JsonParser p, String json) {
        int start = (int) p.currentTokenLocation().getCharOffset();
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
            p.skipChildren();
            return json.substring(start, (int) p.currentTokenLocation().getCharOffset() + 1);
        }
        if (token == JsonToken.VALUE_STRING) {
            p.getString(); // validates the escapes; the text between the quotes is what was written
            return json.substring(start, closingQuote(json, start + 1) + 1);
        }
        if (token == null || !token.isScalarValue()) {
            throw new IllegalArgumentException("expected a JSON value, got " + token);
        }
        int end = start;
        while (end < json.length() && ",]} \t\r\n".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return json.substring(start, end);
    }

    private static int closingQuote(String json, int from) {
        for (int i = from; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }
}
