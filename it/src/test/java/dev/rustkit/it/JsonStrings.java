package dev.rustkit.it;

import java.util.ArrayList;
import java.util.List;

/** Parses a JSON array of strings, the exec form of ENTRYPOINT, CMD and HEALTHCHECK. */
final class JsonStrings {

    static List<String> parseArray(String json) {
        String text = json.strip();
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new IllegalArgumentException("Not in exec form (a JSON array): " + json);
        }
        List<String> items = new ArrayList<>();
        int i = 1;
        while (i < text.length() - 1) {
            char c = text.charAt(i);
            if (c == '"') {
                StringBuilder item = new StringBuilder();
                i++;
                while (text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\') {
                        i++;
                    }
                    item.append(text.charAt(i++));
                }
                items.add(item.toString());
            } else if (c != ',' && !Character.isWhitespace(c)) {
                throw new IllegalArgumentException("Not a JSON array of strings: " + json);
            }
            i++;
        }
        return items;
    }

    private JsonStrings() {}
}
