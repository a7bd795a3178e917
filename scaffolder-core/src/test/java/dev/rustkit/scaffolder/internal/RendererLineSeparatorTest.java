package dev.rustkit.scaffolder.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** plexus-utils' unifyLineSeparators, as Maven applies it to every rendered file, with and without the LF-only shortcut. */
class RendererLineSeparatorTest {
    private static final String NL = System.lineSeparator();

    @Test
    void crlfCrAndLfAllBecomeThePlatformSeparator() {
        assertThat(Renderer.unifyLineSeparators("a\r\nb\rc\nd\r")).isEqualTo("a" + NL + "b" + NL + "c" + NL + "d" + NL);
    }

    @Test
    void textWithOnlyLfIsUnchanged() {
        assertThat(Renderer.unifyLineSeparators("a\nb\n\nc")).isEqualTo("a" + NL + "b" + NL + NL + "c");
        assertThat(Renderer.unifyLineSeparators("")).isEmpty();
    }
}
