package dev.rustkit.scaffolder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One generated file.
 *
 * @param path relative to the project directory, '/'-separated, never absolute and never holding {@code ..}
 * @param mode its unix mode: {@code 0755} for executables, {@code 0644} otherwise
 * @param content its bytes (copied in and out: a file is immutable)
 */
public record GeneratedFile(String path, int mode, byte[] content) {

    public GeneratedFile {
        Objects.requireNonNull(path, "path");
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public long size() {
        return content.length;
    }

    public boolean executable() {
        return (mode & 0111) != 0;
    }

    /** The content decoded as UTF-8, for text files. */
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
