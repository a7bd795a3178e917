package dev.rustkit.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A team's fork of an archetype jar, made the way a fork differs: the same jar with some template files edited.
 * Every edit must change its entry, so a fork never silently equals the original.
 */
final class ArchetypeFork {
    private final Map<String, UnaryOperator<String>> edits = new LinkedHashMap<>();

    /** Edits the jar entry {@code name} (e.g. {@code archetype-resources/src/main.rs}). */
    ArchetypeFork edit(String name, UnaryOperator<String> edit) {
        edits.merge(name, edit, (first, second) -> text -> second.apply(first.apply(text)));
        return this;
    }

    /** Replaces {@code target} (which must occur) in entry {@code name}. */
    ArchetypeFork replace(String name, String target, String replacement) {
        return edit(name, text -> {
            if (!text.contains(target)) {
                throw new IllegalStateException(name + " has no \"" + target + "\" to replace: update the fork");
            }
            return text.replace(target, replacement);
        });
    }

    Path writeFrom(Path original, Path forked) {
        Map<String, UnaryOperator<String>> pending = new LinkedHashMap<>(edits);
        try {
            Files.createDirectories(forked.getParent());
            try (InputStream in = Files.newInputStream(original); ZipInputStream zip = new ZipInputStream(in);
                    OutputStream out = Files.newOutputStream(forked); ZipOutputStream copy = new ZipOutputStream(out)) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    byte[] content = zip.readAllBytes();
                    UnaryOperator<String> edit = pending.remove(entry.getName());
                    if (edit != null) {
                        String before = new String(content, StandardCharsets.UTF_8);
                        String after = edit.apply(before);
                        if (after.equals(before)) {
                            throw new IllegalStateException("the edit of " + entry.getName() + " changed nothing");
                        }
                        content = after.getBytes(StandardCharsets.UTF_8);
                    }
                    copy.putNextEntry(new ZipEntry(entry.getName()));
                    copy.write(content);
                    copy.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException("the jar has no entries " + pending.keySet());
        }
        return forked;
    }
}
