package kithara.stream.cache.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.zip.CRC32;

import org.slf4j.LoggerFactory;

import kithara.api.source.ByteRange;
import kithara.stream.cache.Validators;

/**
 * What is known to be durably stored of one resource: the present ranges, the final length once committed, and
 * the validators of the origin version. Written crash-safely (temporary file, fsync, atomic rename, fsync of the
 * folder) and checked with a CRC when read: a torn or corrupt index reads as empty, never as wrong.
 *
 * @param ranges     byte ranges whose bytes were fsynced before the index was written
 * @param length     the final length, once committed
 * @param committed  whether every byte is present and final
 * @param validators the origin version the bytes belong to
 */
record ResourceIndex(List<ByteRange> ranges, OptionalLong length, boolean committed, Validators validators) {

    static final ResourceIndex EMPTY = new ResourceIndex(List.of(), OptionalLong.empty(), false, Validators.NONE);

    /**
     * Writes {@code index} to {@code file} so that a crash at any moment leaves the old or the new one. The first index
     * of a resource is not synced: lost or torn in a crash of the system, it reads as {@link #EMPTY} and the resource as
     * never cached, and nothing cached before is lost with it (a stream of one-second segments writes 1,800 of them).
     * One that replaces another is synced, file and folder, before and after its rename.
     */
    static void write(Path file, ResourceIndex index) throws IOException {
        String body = index.encode();
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        byte[] bytes = (body + "crc=" + Long.toHexString(crc.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean replacing = Files.exists(file);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            if (replacing) {
                ch.force(true);
            }
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the cache folder's file system cannot rename atomically: " + file.getParent(), e);
        }
        if (!replacing) {
            return;
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException notSupported) {
            // some file systems cannot open a folder; the rename is still atomic there
        }
    }

    /** Reads {@code file}; a missing, torn or corrupt index reads as {@link #EMPTY}. */
    static ResourceIndex read(Path file) {
        if (!file.toFile().isFile()) {
            return EMPTY; // a resource opened for the first time: no exception thrown and caught for it
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException e) {
            return unusable(file, "cannot be read: " + e);
        }
        int at = text.lastIndexOf("crc=");
        if (at < 0) {
            return unusable(file, "has no checksum");
        }
        String body = text.substring(0, at);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        if (!text.substring(at + 4).trim().equals(Long.toHexString(crc.getValue()))) {
            return unusable(file, "fails its checksum");
        }
        try {
            return decode(body);
        } catch (RuntimeException | IOException e) {
            return unusable(file, "cannot be decoded: " + e.getMessage());
        }
    }

    /** An index that cannot be trusted: said in the log, and read as a partial resource holding nothing yet. */
    private static ResourceIndex unusable(Path file, String why) {
        LoggerFactory.getLogger(ResourceIndex.class).warn("the cache index {} {}; its resource counts as partial and"
                + " is fetched again", file, why);
        return EMPTY;
    }

    private String encode() {
        StringBuilder b = new StringBuilder();
        b.append("ranges=");
        for (int i = 0; i < ranges.size(); i++) {
            b.append(i == 0 ? "" : ",").append(ranges.get(i).start()).append('-').append(ranges.get(i).end());
        }
        b.append('\n');
        b.append("length=").append(length.isPresent() ? Long.toString(length.getAsLong()) : "").append('\n');
        b.append("committed=").append(committed).append('\n');
        b.append("etag=").append(escape(validators.etag().orElse(""))).append('\n');
        b.append("lastModified=").append(escape(validators.lastModified().orElse(""))).append('\n');
        b.append("originLength=").append(validators.length().isPresent() ? Long.toString(validators.length().getAsLong()) : "")
                .append('\n');
        return b.toString();
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static ResourceIndex decode(String body) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(body));
        List<ByteRange> ranges = new ArrayList<>();
        String r = p.getProperty("ranges", "");
        if (!r.isEmpty()) {
            for (String part : r.split(",")) {
                String[] se = part.split("-");
                ranges.add(new ByteRange(Long.parseLong(se[0]), Long.parseLong(se[1])));
            }
        }
        String length = p.getProperty("length", "");
        String originLength = p.getProperty("originLength", "");
        Validators v = new Validators(nonEmpty(p.getProperty("etag", "")), nonEmpty(p.getProperty("lastModified", "")),
                originLength.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(originLength)));
        return new ResourceIndex(List.copyOf(ranges), length.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(Long.parseLong(length)), Boolean.parseBoolean(p.getProperty("committed")), v);
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
