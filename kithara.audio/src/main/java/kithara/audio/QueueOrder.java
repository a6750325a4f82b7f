package kithara.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import kithara.api.audio.PlayQueue.Repeat;
import kithara.api.audio.ResourceRequest;

/**
 * The order of a play queue: its items, the current index, a pending jump and the repeat mode. It answers which item
 * plays next and keeps the current index on its item while the list is edited. Not thread-safe: {@link AudioQueue}
 * guards it with its lock.
 */
final class QueueOrder {

    private static final int NO_JUMP = -2;

    private final List<ResourceRequest> items = new ArrayList<>();
    private int current = -1;
    /** The index the next item is taken from instead of what naturally follows ({@link #NO_JUMP}: none). */
    private int jump = NO_JUMP;
    private Repeat repeat = Repeat.OFF;
    /** Items that failed one after the other: when every item has, the queue ends rather than go round forever. */
    private int failuresInARow;

    List<ResourceRequest> items() {
        return List.copyOf(items);
    }

    int size() {
        return items.size();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** The item at {@code index}, or null when there is none. */
    ResourceRequest itemAt(int index) {
        return index >= 0 && index < items.size() ? items.get(index) : null;
    }

    /** Whether {@code item} is still at {@code index} (the list may have changed while it opened). */
    boolean holds(int index, ResourceRequest item) {
        return itemAt(index) == item;
    }

    /** The index of the item playing or last played, -1 before the first. */
    int current() {
        return current;
    }

    Repeat repeat() {
        return repeat;
    }

    void setRepeat(Repeat mode) {
        repeat = Objects.requireNonNull(mode, "repeat");
    }

    void insert(int index, ResourceRequest item) {
        Objects.requireNonNull(item, "item");
        Objects.checkIndex(index, items.size() + 1);
        items.add(index, item);
        if (current >= index && current >= 0) {
            current++;
        }
    }

    /**
     * Removes the item at {@code index}.
     *
     * @return whether it was the current item: then the item that took its place plays next
     */
    boolean remove(int index) {
        Objects.checkIndex(index, items.size());
        items.remove(index);
        if (index < current) {
            current--;
            return false;
        }
        if (index == current) {
            jump = index < items.size() ? index : after(index - 1);
            return true;
        }
        return false;
    }

    void move(int from, int to) {
        Objects.checkIndex(from, items.size());
        Objects.checkIndex(to, items.size());
        items.add(to, items.remove(from));
        if (current == from) {
            current = to;
        } else if (from < current && to >= current) {
            current--;
        } else if (from > current && to <= current && current >= 0) {
            current++;
        }
    }

    void clear() {
        items.clear();
        current = -1;
        jump = NO_JUMP;
    }

    /** The next item taken is the one after the current one (skipping, whatever the repeat mode). */
    void skipForward() {
        jump = after(current);
    }

    /** The next item taken is the one before the current one, or the first. */
    void skipBack() {
        jump = items.isEmpty() ? -1 : Math.max(0, current - 1);
    }

    /** The item at {@code index} could not be opened for a crossfade: it is passed over when the current one ends. */
    void passOver(int index) {
        jump = after(index);
    }

    /** Whether a skip or an edit decided what plays next (a crossfade into what naturally follows is then wrong). */
    boolean hasJump() {
        return jump != NO_JUMP;
    }

    /**
     * Takes the index of the item to play next: the pending jump, or what follows the current item; -1 when the queue
     * has ended (nothing follows, or every item failed in a row).
     */
    int takeNext() {
        int index = jump != NO_JUMP ? jump : following();
        jump = NO_JUMP;
        return index < 0 || failuresInARow >= items.size() ? -1 : index;
    }

    /** The index that plays when the current item ends, or -1 when nothing follows. */
    int following() {
        if (repeat == Repeat.ONE && current >= 0 && current < items.size()) {
            return current;
        }
        return after(current);
    }

    /** The item at {@code index} plays now. */
    void playing(int index) {
        current = index;
        failuresInARow = 0;
    }

    /** The current item failed while it played: the one after it plays next. */
    void failedWhilePlaying() {
        jump = after(current);
        failuresInARow++;
    }

    /** The item at {@code index} could not be opened: passed over, the one after it plays next. */
    void failedToOpen(int index, ResourceRequest item) {
        if (holds(index, item)) {
            current = index;
            jump = after(index);
        }
        failuresInARow++;
    }

    /** The index after {@code index} (the first again with {@link Repeat#ALL}), or -1 when none. */
    private int after(int index) {
        if (index + 1 < items.size()) {
            return index + 1;
        }
        return repeat == Repeat.ALL && !items.isEmpty() ? 0 : -1;
    }
}
