package dev.rustkit.scaffolder.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A zip writer that records unix modes, which {@code java.util.zip} cannot: each central directory entry says it was
 * made on Unix and carries {@code S_IFREG|0644}, {@code S_IFREG|0755} or {@code S_IFDIR|0755} in its external
 * attributes, so {@code unzip} restores executables as executables. Entry names are checked, not trusted: relative,
 * '/'-separated, no empty, {@code .} or {@code ..} segment, no backslash, no control character.
 *
 * <p>Reproducible: every entry carries {@link #ENTRY_TIME}, the earliest time a zip can record, and the method and
 * compression level are fixed, so the same tree always gives the same bytes (a portal's download and the CLI's
 * {@code --zip} compare byte for byte).
 *
 * <p>The level is {@link Deflater#BEST_SPEED}: a generated project is text of a hundred-odd KiB, downloaded once
 * and unpacked at once, and deflating the files that carry the project's name is most of a portal's work per
 * download. On a rocket-distroless project level 1 gives 51,094 bytes of deflated data where zlib's default (6)
 * gives 46,773 (9% more), in less than half the time (its 37 KB Cargo.lock: 337 against 755 µs).
 */
public final class ZipWriter {
    private static final int FILE = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int MADE_BY_UNIX = 3 << 8 | 30; // host system 3 (Unix), spec version 3.0
    private static final int UTF8_NAMES = 1 << 11;
    private static final int DEFLATED = 8;
    private static final int STORED = 0;
    private static final int LEVEL = Deflater.BEST_SPEED;
    /** 1980-01-01 00:00:00, the zip format's epoch: a fixed time, so archives are reproducible. */
    public static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    /**
     * A file to write: {@code content} is used as it is, not copied, so the caller must not change it afterwards (the
     * engine's files are immutable; copying each of them once more per zip was 7% of what a portal allocates).
     */
    public record File(String path, boolean executable, byte[] content) {}

    private record Entry(byte[] name, int method, long crc, int size, byte[] data, int externalAttributes, long offset) {}

    /**
     * Writes the zip; with a non-empty {@code topDirectory} every entry lies under it, and it and its parents are
     * entries too.
     */
    public static void write(OutputStream out, String topDirectory, List<File> files, List<String> directories)
            throws IOException {
        int dosTime = dosTime(ENTRY_TIME);
        String prefix = topDirectory.isEmpty() ? "" : new String(name(topDirectory + "/"), StandardCharsets.UTF_8);
        List<String> allDirectories = new ArrayList<>();
        for (int slash = prefix.indexOf('/'); slash >= 0; slash = prefix.indexOf('/', slash + 1)) {
            allDirectories.add(prefix.substring(0, slash));
        }
        directories.forEach(directory -> allDirectories.add(prefix + directory));
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024); // a project's zip: tens of KiB
        for (String directory : allDirectories) {
            byte[] name = name(directory + "/");
            Entry entry = new Entry(name, STORED, 0, 0, new byte[0], (DIRECTORY | 0755) << 16 | 0x10, offset);
            offset += local(buffer, entry, dosTime);
            entries.add(entry);
        }
        for (File file : files) {
            byte[] content = file.content();
            CRC32 crc = new CRC32();
            crc.update(content);
            byte[] deflated = deflate(content, crc.getValue());
            boolean store = deflated.length >= content.length;
            Entry entry = new Entry(name(prefix + file.path()), store ? STORED : DEFLATED, crc.getValue(), content.length,
                    store ? content : deflated, (FILE | (file.executable() ? 0755 : 0644)) << 16, offset);
            offset += local(buffer, entry, dosTime);
            entries.add(entry);
            if (offset > 0xFFFF_FFFFL) {
                throw new IOException("Project too large for a zip without zip64");
            }
        }
        long centralStart = offset;
        for (Entry entry : entries) {
            central(buffer, entry, dosTime);
        }
        long centralSize = buffer.size() - centralStart;
        if (entries.size() > 0xFFFF) {
            throw new IOException("Too many entries for a zip without zip64");
        }
        int32(buffer, 0x06054b50);
        int16(buffer, 0);
        int16(buffer, 0);
        int16(buffer, entries.size());
        int16(buffer, entries.size());
        int32(buffer, centralSize);
        int32(buffer, centralStart);
        int16(buffer, 0);
        buffer.writeTo(out);
        out.flush();
    }

    private static long local(ByteArrayOutputStream out, Entry entry, int dosTime) {
        int start = out.size();
        int32(out, 0x04034b50);
        common(out, entry, dosTime);
        int16(out, 0);
        out.writeBytes(entry.name());
        out.writeBytes(entry.data());
        return out.size() - start;
    }

    private static void central(ByteArrayOutputStream out, Entry entry, int dosTime) {
        int32(out, 0x02014b50);
        int16(out, MADE_BY_UNIX);
        common(out, entry, dosTime);
        int16(out, 0);
        int16(out, 0);
        int16(out, 0);
        int16(out, 0);
        int32(out, entry.externalAttributes() & 0xFFFF_FFFFL);
        int32(out, entry.offset());
        out.writeBytes(entry.name());
    }

    /** The fields local and central headers share, from "version needed" to the name's length. */
    private static void common(ByteArrayOutputStream out, Entry entry, int dosTime) {
        int16(out, 20);
        int16(out, UTF8_NAMES);
        int16(out, entry.method());
        int32(out, dosTime);
        int32(out, entry.crc());
        int32(out, entry.data().length);
        int32(out, entry.size());
        int16(out, entry.name().length);
    }

    /** A checked entry name: what a careless extractor could be tricked with never gets in. */
    static byte[] name(String path) {
        String bare = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (bare.isEmpty() || bare.startsWith("/") || bare.contains("\\") || bare.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Not a safe zip entry name: " + path);
        }
        for (String segment : bare.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Not a safe zip entry name: " + path);
            }
        }
        return path.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Deflated bytes by content: deflate is a pure function of the bytes (fixed level, raw, fresh state per entry), so
     * a file a portal serves again and again (a source file no property touches) is compressed twice, then no more.
     * The key is the content itself (compared in full, not by a digest), so a hit is exactly what deflating would
     * give; its hash is the entry's CRC-32, which the zip needs anyway and the JVM computes with CPU instructions
     * (Arrays.hashCode, on JDK 17 a loop over every byte, ran over all of a project's files for every zip).
     *
     * <p>Every content is kept, the first time it is deflated, including the Cargo.toml, README, ... that a new
     * artifactId makes new on every request and that nobody asks for again. Keeping only content seen twice (a set
     * of CRCs and lengths in front of the cache) sounded cheaper for the garbage collector and measured slower: 617-699
     * against 789-916 zips/s at 32 connections, 2.7-3.0 against 2.0-2.3 ms of CPU per zip (docs/BENCHMARKS.md,
     * Portal). Bounded: past {@link #CACHE_BYTES} of keys and values the cache starts again empty.
     */
    private static final ConcurrentHashMap<Content, byte[]> DEFLATED_BY_CONTENT = new ConcurrentHashMap<>();
    private static final long CACHE_BYTES = 32L * 1024 * 1024;
    private static final AtomicLong CACHED_BYTES = new AtomicLong();

    private record Content(byte[] bytes, int hash) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Content that && hash == that.hash && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** {@code content} deflated (callers never change what this returns: it is written out as it is). */
    private static byte[] deflate(byte[] content, long crc) {
        Content key = new Content(content, (int) crc); // nobody changes content (see File), so it can be the key
        byte[] cached = DEFLATED_BY_CONTENT.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] deflated = deflateNow(content);
        if (CACHED_BYTES.addAndGet(content.length + deflated.length) > CACHE_BYTES) {
            DEFLATED_BY_CONTENT.clear();
            CACHED_BYTES.set(content.length + deflated.length);
        }
        DEFLATED_BY_CONTENT.putIfAbsent(key, deflated);
        return deflated;
    }

    private static byte[] deflateNow(byte[] content) {
        Deflater deflater = new Deflater(LEVEL, true);
        try {
            deflater.setInput(content);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 2 + 64);
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static int dosTime(LocalDateTime time) {
        LocalDateTime t = time.getYear() < 1980 ? LocalDateTime.of(1980, 1, 1, 0, 0) : time;
        return (t.getYear() - 1980) << 25 | t.getMonthValue() << 21 | t.getDayOfMonth() << 16
                | t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() >> 1;
    }

    private static void int16(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
        out.write(value >>> 8 & 0xFF);
    }

    private static void int32(ByteArrayOutputStream out, long value) {
        int16(out, (int) (value & 0xFFFF));
        int16(out, (int) (value >>> 16 & 0xFFFF));
    }

    private ZipWriter() {}
}
