package kithara.itest;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * The C heap in use (glibc's {@code mallinfo2}): what FFmpeg, GStreamer and the JVM's own native code hold right now,
 * without the free pages the allocator keeps (which resident memory counts, and which grow with fragmentation).
 */
final class NativeHeap {

    private NativeHeap() {
    }

    /** glibc 2.33+'s {@code struct mallinfo2}; every field a {@code size_t}. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
            "keepcost"})
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    /** The C library's allocator statistics. */
    public interface LibC extends Library {
        MallInfo2 mallinfo2();
    }

    /** Bytes allocated with malloc and not freed (small blocks in use plus mmap'd large ones); -1 where unknown. */
    static long inUse() {
        try {
            MallInfo2 info = Native.load("c", LibC.class).mallinfo2();
            return info.uordblks + info.hblkhd;
        } catch (UnsatisfiedLinkError e) {
            return -1; // not glibc, or older than 2.33
        }
    }
}
