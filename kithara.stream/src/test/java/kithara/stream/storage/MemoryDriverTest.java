package kithara.stream.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class MemoryDriverTest {

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static byte[] read(MemoryDriver d, long offset, int n) {
        ByteBuffer dst = ByteBuffer.allocate(n);
        d.read(offset, dst);
        return dst.array();
    }

    /** Pages grow as appends reach further: every byte written stays, across page boundaries and past 2 GiB. */
    @Test
    void appendsInSmallStepsReadBackWhole() {
        MemoryDriver d = new MemoryDriver("test");
        byte[] all = pattern(200_000, 1);
        for (int at = 0; at < all.length; at += 1_000) {
            d.write(at, ByteBuffer.wrap(all, at, Math.min(1_000, all.length - at)));
        }
        assertArrayEquals(all, read(d, 0, all.length));
        long far = 3L << 30;
        d.write(far + 65_000, ByteBuffer.wrap(pattern(1_000, 2)));
        assertArrayEquals(pattern(1_000, 2), read(d, far + 65_000, 1_000));
        assertThrows(IllegalStateException.class, () -> read(d, far + 70_000, 10), "never written");
    }

    /** A fetch replaced by another may still write while the next one starts: neither loses bytes to a page grown. */
    @Test
    void twoWritersOfOnePageLoseNothing() throws Exception {
        MemoryDriver d = new MemoryDriver("test");
        byte[] low = pattern(32_000, 3);
        byte[] high = pattern(32_000, 4);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Future<?> a = pool.submit(() -> {
                go.await();
                for (int at = 0; at < low.length; at += 100) {
                    d.write(at, ByteBuffer.wrap(low, at, 100));
                }
                return null;
            });
            Future<?> b = pool.submit(() -> {
                go.await();
                for (int at = 0; at < high.length; at += 100) {
                    d.write(32_000 + at, ByteBuffer.wrap(high, at, 100));
                }
                return null;
            });
            go.countDown();
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(low, read(d, 0, low.length));
        assertArrayEquals(high, read(d, 32_000, high.length));
    }
}
