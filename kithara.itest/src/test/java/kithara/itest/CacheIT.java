package kithara.itest;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import kithara.stream.cache.AssetInfo;
import kithara.stream.cache.AssetLease;
import kithara.stream.cache.AssetStore;

/** The AssetStore service in Felix: configured through Configuration Admin; stopping its bundle unpins and unlocks. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CacheIT {

    private static final long TIMEOUT_MS = 30_000;

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        return LauncherBundleSet.options();
    }

    /** Waits for the AssetStore registered with {@code root} in its configuration. */
    private ServiceReference<AssetStore> storeAt(Path root) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            for (ServiceReference<AssetStore> ref : context.getServiceReferences(AssetStore.class, null)) {
                if (root.toString().equals(ref.getProperty("root"))) {
                    return ref;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no AssetStore configured at " + root);
    }

    @Test
    public void leasesPinAndTheBundleStopReleasesPinsAndTheFolder() throws Exception {
        Path root = Files.createTempDirectory("kithara-cache-it");
        org.osgi.service.cm.Configuration cfg = InContainer.pointCacheAt(configurationAdmin, root);
        ServiceReference<AssetStore> ref = storeAt(root);
        AssetStore store = context.getService(ref);
        URI uri = URI.create("https://cdn.test/song.flac");
        AssetLease lease = store.open(store.key(uri, ""));
        lease.storage().writeAt(0, ByteBuffer.wrap(new byte[1000]));
        lease.commit(1000);
        AssetInfo info = store.assets().get(0);
        assertTrue("pinned while leased", info.pinned());
        assertFalse("the folder is locked while the service runs", canLock(root));
        Bundle stream = FrameworkUtil.getBundle(store.getClass());
        context.ungetService(ref);
        stream.stop();
        try {
            assertTrue("stopping the bundle unlocks the folder", canLock(root));
            try (Stream<Path> files = Files.walk(root)) {
                Path index = files.filter(p -> p.toString().endsWith(".idx")).findFirst().orElseThrow();
                assertTrue("committed and persisted at the stop", Files.readString(index).contains("committed=true"));
            }
        } finally {
            stream.start();
            cfg.delete();
        }
    }

    /** Returns whether this JVM can take the cache folder's lock now (it is released again at once). */
    private static boolean canLock(Path root) throws Exception {
        try (FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                lock.release();
                return true;
            }
            return false;
        } catch (OverlappingFileLockException held) {
            return false;
        }
    }
}
