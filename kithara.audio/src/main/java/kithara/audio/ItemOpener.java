package kithara.audio;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kithara.api.audio.Resource;
import kithara.api.audio.ResourceRequest;
import kithara.api.media.PcmSpec;

/**
 * Opens a play queue's items in the queue's spec: the one that follows the current item ahead, on a thread of its own
 * and two seconds decoded, and any other when the queue reaches it. A preloaded item is handed over only for the index
 * and the request it was opened for; one nobody takes is closed once it has opened.
 */
final class ItemOpener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ItemOpener.class);
    /** Decoded ahead for the next item while the current one plays: its first seconds are ready at the change. */
    private static final Duration PRELOAD_AHEAD = Duration.ofSeconds(2);

    /** Opens a resource, as the audio service does. */
    @FunctionalInterface
    interface Opener {
        Resource open(ResourceRequest request) throws IOException;
    }

    private final Opener opener;
    private final PcmSpec spec;
    private final ExecutorService thread;
    private Preload preload;

    /** The item being opened ahead, for the index it will play at. */
    private record Preload(int index, ResourceRequest item, CompletableFuture<Resource> resource) {
    }

    ItemOpener(Opener opener, PcmSpec spec, String name) {
        this.opener = opener;
        this.spec = spec;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kithara-queue-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts opening the item at {@code index} ahead, unless it is being opened already; drops any other preload. */
    synchronized void preload(int index, ResourceRequest item) {
        if (preload != null && preload.index() == index && preload.item() == item) {
            return;
        }
        drop(preload);
        CompletableFuture<Resource> resource = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                resource.complete(opener.open(converted(item, PRELOAD_AHEAD)));
            } catch (IOException | RuntimeException e) {
                resource.completeExceptionally(e);
            }
        });
        preload = new Preload(index, item, resource);
    }

    /** The item's resource: the preloaded one, once it has opened, when it is this item at this index; else opened now. */
    Resource open(int index, ResourceRequest item) throws IOException {
        CompletableFuture<Resource> ready = null;
        synchronized (this) {
            if (preload != null && preload.index() == index && preload.item() == item) {
                ready = preload.resource();
                preload = null;
            }
        }
        return ready != null ? await(ready) : opener.open(converted(item, Duration.ZERO));
    }

    /** Drops the preload and ends the thread. */
    @Override
    public void close() {
        synchronized (this) {
            drop(preload);
            preload = null;
        }
        thread.shutdownNow();
    }

    /** The item as the queue opens it: in the queue's spec, decoding {@code ahead} of the reader when given. */
    private ResourceRequest converted(ResourceRequest item, Duration ahead) {
        ResourceRequest request = item.withSampleRate(spec.sampleRate()).withChannels(spec.channels());
        return ahead.compareTo(request.queue()) > 0 ? request.withQueue(ahead) : request;
    }

    private static Resource await(CompletableFuture<Resource> opening) throws IOException {
        try {
            return opening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the next item opened", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Closes a preloaded item nobody will play, once it has opened. */
    private static void drop(Preload dropped) {
        if (dropped != null) {
            dropped.resource().whenComplete((resource, error) -> {
                if (resource != null) {
                    try {
                        resource.close();
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("closing {} failed", resource, e);
                    }
                }
            });
        }
    }
}
