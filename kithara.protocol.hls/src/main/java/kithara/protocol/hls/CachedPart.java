package kithara.protocol.hls;

import java.io.IOException;
import java.nio.ByteBuffer;

import kithara.api.source.ReadOutcome;
import kithara.stream.cache.AssetLease;

/**
 * A part committed to the asset cache, read from there in place. Its lease (an open file) is held only while a
 * reader is inside the part: it opens at the first read and closes when a read reaches the part's end, so a stream
 * holds one open file for what it plays, not one per buffered segment. The stream pins its asset meanwhile, so the
 * cache never evicts a part between its fetch and its read.
 */
final class CachedPart implements PartBytes {

    private final SegmentCache cache;
    private final String resource;
    private final long length;
    private AssetLease lease;

    CachedPart(SegmentCache cache, String resource, long length) {
        this.cache = cache;
        this.resource = resource;
        this.length = length;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int read(long at, ByteBuffer dst) throws IOException {
        int n = (int) Math.max(0, Math.min(dst.remaining(), length - at));
        if (n == 0) {
            return 0;
        }
        if (lease == null) {
            lease = cache.openCommitted(resource);
        }
        ByteBuffer window = dst.slice().limit(n);
        int copied = 0;
        while (window.hasRemaining()) {
            if (!(lease.storage().readAt(at + copied, window) instanceof ReadOutcome.Bytes bytes)) {
                throw new IOException(resource + ": the cached part ends before its " + length + " bytes");
            }
            copied += bytes.count();
        }
        dst.position(dst.position() + copied);
        if (at + copied >= length) {
            release(); // read through: a reader coming back opens it again
        }
        return copied;
    }

    @Override
    public void release() {
        if (lease != null) {
            cache.close(lease);
            lease = null;
        }
    }

    @Override
    public String toString() {
        return "CachedPart[" + resource + ", " + length + " bytes]";
    }
}
