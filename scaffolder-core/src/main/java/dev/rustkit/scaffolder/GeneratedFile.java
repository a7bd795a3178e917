package dev.rustkit.scaffolder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One generated file. Immutable (the content is copied in and out) and safe to share between threads; two files are
 * equal when path, mode and content are.
 *
 * @param path relative to the project directory, '/'-separated, never absolute and never holding {@code ..}
 * @param mode its unix mode: {@code 0755} for executables, {@code 0644} otherwise
 * @param content its bytes (copied in and out: a file is immutable)
 */
public record GeneratedFile(String path, int mode, byte[] content) {

    /**
     * Makes a file, copying {@code content}.
     *
     * @param path relative to the project directory, '/'-separated
     * @param mode its unix mode, {@code 0644} or {@code 0755}
     * @param content its bytes
     * @throws NullPointerException if {@code path} or {@code content} is null
     */
    public GeneratedFile {
        Objects.requireNonNull(path, "path");
        content = content.clone();
    }

    /**
     * Its bytes.
     *
     * @return a fresh copy each call: changing it changes nothing here
     */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content itself, not a copy: for the engine's own writers, which only read it. */
    byte[] sharedContent() {
        return content;
    }

    /**
     * Its size.
     *
     * @return the number of bytes in {@link #content}
     */
    public long size() {
        return content.length;
    }

    /**
     * Whether it is a script the project runs, written with mode 0755.
     *
     * @return true if any execute bit of {@link #mode} is set
     */
    public boolean executable() {
        return (mode & 0111) != 0;
    }

    /**
     * The content as text.
     *
     * @return the content decoded as UTF-8 (what every rustkit template is); malformed bytes become U+FFFD
     */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GeneratedFile that
                && path.equals(that.path) && mode == that.mode && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * path.hashCode() + mode) + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return String.format("%s (%o, %d bytes)", path, mode, content.length);
    }
}
