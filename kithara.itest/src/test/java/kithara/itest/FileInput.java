package kithara.itest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

import kithara.api.decode.DecoderInput;

/** A {@link DecoderInput} over a local file through positional {@link FileChannel} reads. */
final class FileInput implements DecoderInput {

    private final Path path;
    private final FileChannel channel;
    private long position;

    FileInput(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = channel.read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n <= 0 ? -1 : n;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void seek(long offset) throws IOException {
        if (offset < 0) {
            throw new IOException("negative offset " + offset + " in " + path);
        }
        position = offset;
    }

    @Override
    public OptionalLong length() {
        try {
            return OptionalLong.of(channel.size());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public boolean isSeekable() {
        return true;
    }

    @Override
    public String describe() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
