package dev.cairn.verification;

import java.util.Arrays;

/**
 * The destructor calls one side of a run saw since the last {@link #clear()}: the tags of the
 * destroyed elements, in call order. Bounded: past {@link #CAPACITY_MAX} events it keeps counting
 * but stops storing, and {@link #overflowed()} says so.
 */
public final class EventLog {

    /** The most events stored between two clears. */
    public static final int CAPACITY_MAX = 1 << 20;

    private long[] tags = new long[64];
    private int size;
    private long total;

    /** Makes an empty log. */
    public EventLog() {
    }

    /**
     * Records one destructor call.
     *
     * @param tag the tag the destructor read
     */
    public void record(long tag) {
        total++;
        if (size == tags.length) {
            if (size == CAPACITY_MAX) {
                return;
            }
            tags = Arrays.copyOf(tags, Math.min(CAPACITY_MAX, size * 2));
        }
        tags[size++] = tag;
    }

    /** {@return the number of stored events} */
    public int size() {
        return size;
    }

    /** {@return the number of destructor calls since this log was made} */
    public long total() {
        return total;
    }

    /** {@return whether events were dropped since the last clear} */
    public boolean overflowed() {
        return size == CAPACITY_MAX;
    }

    /** {@return the stored events, in order} */
    public long[] toArray() {
        return Arrays.copyOf(tags, size);
    }

    /**
     * {@return whether both logs hold the same events in the same order}
     *
     * @param other the other log
     */
    public boolean sameAs(EventLog other) {
        return Arrays.equals(tags, 0, size, other.tags, 0, other.size);
    }

    /**
     * {@return whether both logs hold the same events in any order}
     *
     * @param other the other log
     */
    public boolean sameSetAs(EventLog other) {
        long[] mine = toArray();
        long[] theirs = other.toArray();
        Arrays.sort(mine);
        Arrays.sort(theirs);
        return Arrays.equals(mine, theirs);
    }

    /** Forgets the stored events. */
    public void clear() {
        size = 0;
    }

    /** {@return the stored events as text, at most 16} */
    public String describe() {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < Math.min(size, 16); i++) {
            text.append(i == 0 ? "" : ", ").append("block").append(tags[i] >>> 24).append('[').append(tags[i] & 0xFFFFFF).append(']');
        }
        return text.append(size > 16 ? ", ...]" : "]").toString();
    }
}
