package kithara.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import kithara.api.audio.PlayQueue.Repeat;
import kithara.api.audio.ResourceRequest;

/** Which item a play queue takes next, and how edits keep the current index on its item, without any playing. */
class QueueOrderTest {

    private static ResourceRequest item(String name) {
        return ResourceRequest.of(URI.create("file:///" + name));
    }

    private final ResourceRequest a = item("a");
    private final ResourceRequest b = item("b");
    private final ResourceRequest c = item("c");

    private QueueOrder orderOf(ResourceRequest... items) {
        QueueOrder order = new QueueOrder();
        for (ResourceRequest i : items) {
            order.insert(order.size(), i);
        }
        return order;
    }

    /** Takes the next index and plays it, as the queue does when an item opened. */
    private static int playNext(QueueOrder order) {
        int index = order.takeNext();
        if (index >= 0) {
            order.playing(index);
        }
        return index;
    }

    @Test
    void playsInOrderAndEndsAfterTheLastUnlessRepeatAll() {
        QueueOrder order = orderOf(a, b);
        assertEquals(0, playNext(order));
        assertEquals(1, playNext(order));
        assertEquals(-1, order.takeNext());
        order.setRepeat(Repeat.ALL);
        assertEquals(0, playNext(order));
        order.setRepeat(Repeat.ONE);
        assertEquals(0, playNext(order), "repeat one plays the current item again");
        order.skipForward();
        assertEquals(1, playNext(order), "a skip leaves it even with repeat one");
    }

    @Test
    void editsKeepTheCurrentIndexOnItsItem() {
        QueueOrder order = orderOf(a, b, c);
        playNext(order);
        playNext(order); // b plays
        order.insert(0, item("first"));
        assertEquals(2, order.current());
        order.move(2, 0);
        assertEquals(0, order.current());
        assertEquals(b, order.itemAt(0));
        order.move(3, 0); // c before b
        assertEquals(1, order.current());
        assertFalse(order.remove(0), "not the current item");
        assertEquals(0, order.current());
        assertEquals(b, order.itemAt(order.current()));
    }

    @Test
    void removingTheCurrentItemPlaysTheOneThatTookItsPlace() {
        QueueOrder order = orderOf(a, b, c);
        playNext(order);
        assertTrue(order.remove(0));
        assertTrue(order.hasJump());
        assertEquals(0, playNext(order));
        assertEquals(b, order.itemAt(0));
        order.skipForward();
        playNext(order); // c, the last
        assertTrue(order.remove(1));
        assertEquals(-1, order.takeNext(), "nothing took the last item's place");
    }

    @Test
    void skipBackStopsAtTheFirstItem() {
        QueueOrder order = orderOf(a, b);
        playNext(order);
        order.skipBack();
        assertEquals(0, playNext(order));
        order.clear();
        order.skipBack();
        assertEquals(-1, order.takeNext());
    }

    @Test
    void failuresPassItemsOverAndAllFailingEndsEvenWithRepeatAll() {
        QueueOrder order = orderOf(a, b, c);
        order.setRepeat(Repeat.ALL);
        assertEquals(0, playNext(order));
        order.failedWhilePlaying();
        int second = order.takeNext();
        assertEquals(1, second);
        order.failedToOpen(second, b);
        int third = order.takeNext();
        assertEquals(2, third);
        order.failedToOpen(third, c);
        assertEquals(-1, order.takeNext(), "three failures in a row among three items");
    }

    @Test
    void anItemMovedWhileItOpenedIsNoLongerHeldThere() {
        QueueOrder order = orderOf(a, b);
        int index = order.takeNext();
        order.move(0, 1);
        assertFalse(order.holds(index, a));
        assertNull(order.itemAt(5));
        assertEquals(List.of(b, a), order.items());
    }
}
