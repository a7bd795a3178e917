package dev.rustkit.scaffolder.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZipWriterTest {

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a\\b", "..", ""})
    void refusesEntryNamesAnExtractorCouldBeTrickedWith(String name) {
        assertThatThrownBy(() -> ZipWriter.name(name)).isInstanceOf(IllegalArgumentException.class);
    }
}
