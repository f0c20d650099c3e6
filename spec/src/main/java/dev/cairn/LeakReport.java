package dev.cairn;

import java.util.List;
import java.util.Objects;

/**
 * What a pool or allocator found still live when it was closed (GA-6, SP-8). Every leaked block
 * was destroyed (its destructor ran on each element) and released before the report was made.
 *
 * @param blockCount the number of leaked blocks
 * @param byteSize   their total byte size
 * @param leaks      one entry per leaked block, in the order they were destroyed
 */
public record LeakReport(long blockCount, long byteSize, List<Leak> leaks) {

    /** The report of a close that found nothing live. */
    public static final LeakReport NONE = new LeakReport(0, 0, List.of());

    /**
     * One leaked block.
     *
     * @param type             its type
     * @param elementCount     its number of elements
     * @param byteSize         its byte size
     * @param allocationSite   where it was allocated, when the pool or allocator tracks sites
     *                         (debug mode); empty otherwise
     */
    public record Leak(Type type, long elementCount, long byteSize, List<StackTraceElement> allocationSite) {
        /** Checks and copies the components. */
        public Leak {
            Objects.requireNonNull(type, "type");
            allocationSite = List.copyOf(allocationSite);
        }

        @Override
        public String toString() {
            String where = allocationSite.isEmpty() ? "" : " allocated at " + allocationSite.getFirst();
            return "type=" + type.name() + " elementCount=" + elementCount + " byteSize=" + byteSize + where;
        }
    }

    /** Checks and copies the components. */
    public LeakReport {
        leaks = List.copyOf(leaks);
        if (blockCount != leaks.size()) {
            throw new IllegalArgumentException("blockCount=" + blockCount + " but leaks=" + leaks.size());
        }
    }

    /**
     * {@return the report of the given leaks}
     *
     * @param leaks the leaked blocks, in the order they were destroyed
     */
    public static LeakReport of(List<Leak> leaks) {
        long byteSize = 0;
        for (Leak leak : leaks) {
            byteSize += leak.byteSize();
        }
        return leaks.isEmpty() ? NONE : new LeakReport(leaks.size(), byteSize, leaks);
    }

    /** {@return whether nothing leaked} */
    public boolean isEmpty() {
        return blockCount == 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("LeakReport[blockCount=").append(blockCount)
                .append(", byteSize=").append(byteSize).append(']');
        for (Leak leak : leaks) {
            text.append("\n  ").append(leak);
        }
        return text.toString();
    }
}
