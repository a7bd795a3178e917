package dev.rustkit.scaffolder.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesWhatJsonRequiresAndKeepsMapOrder() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("z", "quote \" backslash \\ newline \n tab \t bell \u0007 ünïcode");
        value.put("a", Arrays.asList(1, true, null, "x"));
        value.put("nested", List.of(Map.of("k", List.of())));

        String json = Json.write(value);

        assertThat(json).startsWith("{\n  \"z\"");
        assertThat(new ObjectMapper().readValue(json, Map.class)).isEqualTo(value);
    }
}
