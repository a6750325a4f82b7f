package kithara.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import kithara.api.event.KitharaEvent;

class ListenersTest {

    private static KitharaEvent complete(int n) {
        return new KitharaEvent.DownloadComplete(URI.create("https://cdn.test/" + n), n);
    }

    @Test
    void aBlockedListenerStallsNeitherThePublisherNorItsLocks() throws Exception {
        Listeners listeners = new Listeners();
        CountDownLatch release = new CountDownLatch(1);
        List<Long> received = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(1000);
        listeners.add(e -> {
            threads.add(Thread.currentThread().getName());
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
            }
            received.add(((KitharaEvent.DownloadComplete) e).bytes());
            all.countDown();
        });
        Object lock = new Object();
        synchronized (lock) { // as a downloader thread holding its stream's monitor would
            for (int i = 0; i < 1000; i++) {
                listeners.publish(complete(i));
            }
        }
        release.countDown();
        assertTrue(all.await(30, TimeUnit.SECONDS));
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            expected.add(i);
        }
        assertEquals(expected, received, "every event, in publication order");
        assertNotEquals(Thread.currentThread().getName(), threads.get(0));
        assertTrue(threads.get(0).startsWith("kithara-events-"), threads.get(0));
    }

    @Test
    void lateListenersGetTheLastingStatesAndAListenerMayPublishFromItsCallback() throws Exception {
        Listeners listeners = new Listeners();
        listeners.publishState(complete(1));
        listeners.publish(complete(2)); // not a state: a late listener misses it
        List<Long> late = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        listeners.add(e -> {
            long n = ((KitharaEvent.DownloadComplete) e).bytes();
            late.add(n);
            if (n == 3) {
                listeners.publish(complete(4)); // re-entrant: queued behind, delivered after
            } else if (n == 4) {
                done.countDown();
            }
        });
        listeners.publish(complete(3));
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(List.of(1L, 3L, 4L), late);
    }

    @Test
    void aLateListenerGetsTheLatestStateOfEachKindNotEveryOnePublished() throws Exception {
        Listeners listeners = new Listeners();
        for (int i = 0; i < 10_000; i++) { // a day of variant switches on a live stream
            listeners.publishState(new KitharaEvent.VariantSwitched(i % 2, (i + 1) % 2, 1000, i, "test"));
        }
        listeners.publishState(complete(7));
        List<KitharaEvent> late = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        listeners.add(e -> {
            late.add(e);
            three.countDown();
        });
        listeners.publish(complete(8)); // delivered after the replay: the third and last event
        assertTrue(three.await(30, TimeUnit.SECONDS));
        assertEquals(3, late.size(), late.toString());
        assertEquals(9_999L, ((KitharaEvent.VariantSwitched) late.get(0)).atSequence());
        assertEquals(complete(7), late.get(1));
    }
}
