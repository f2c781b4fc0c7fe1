package io.durascale.reports.report;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON that is safe inside a {@code <script>} element: {@code <}, {@code >} and {@code &} become
 * {@code \u003c}-style escapes, so no string from a run directory can close the element or open a
 * comment, and U+2028/U+2029 are escaped for old JavaScript parsers. The page reads it with JSON.parse.
 */
public final class ScriptSafeJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder(
            new JsonFactoryBuilder().characterEscapes(new HtmlSafeEscapes()).build()).build();

    private ScriptSafeJson() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report data cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static final class HtmlSafeEscapes extends CharacterEscapes {

        private final int[] escapes;

        HtmlSafeEscapes() {
            escapes = standardAsciiEscapesForJSON();
            escapes['<'] = ESCAPE_STANDARD;
            escapes['>'] = ESCAPE_STANDARD;
            escapes['&'] = ESCAPE_STANDARD;
            escapes['\''] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
