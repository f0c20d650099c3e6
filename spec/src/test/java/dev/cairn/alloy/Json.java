package dev.cairn.alloy;

import java.util.List;
import java.util.Map;

/**
 * The small, deterministic JSON writer the vectors are written with: objects keep their key
 * order, a step per line, so that a regenerated file equals the committed one byte for byte.
 */
final class Json {

    private Json() {
    }

    /** {@return {@code value} as compact JSON} @param value a map, list, string, number or boolean */
    static String write(Object value) {
        StringBuilder text = new StringBuilder();
        append(text, value);
        return text.toString();
    }

    private static void append(StringBuilder text, Object value) {
        switch (value) {
            case Map<?, ?> map -> {
                text.append('{');
                String separator = " ";
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    text.append(separator);
                    appendString(text, entry.getKey().toString());
                    text.append(": ");
                    append(text, entry.getValue());
                    separator = ", ";
                }
                text.append(map.isEmpty() ? "}" : " }");
            }
            case List<?> list -> {
                text.append('[');
                String separator = "";
                for (Object element : list) {
                    text.append(separator);
                    append(text, element);
                    separator = ", ";
                }
                text.append(']');
            }
            case String string -> appendString(text, string);
            case Number number -> text.append(number);
            case Boolean bool -> text.append(bool);
            default -> throw new IllegalArgumentException("value=" + value + " has no JSON form");
        }
    }

    private static void appendString(StringBuilder text, String string) {
        text.append('"');
        for (char c : string.toCharArray()) {
            if (c == '"' || c == '\\') {
                text.append('\\');
            }
            text.append(c);
        }
        text.append('"');
    }
}
