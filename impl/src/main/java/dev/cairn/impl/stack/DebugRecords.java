package dev.cairn.impl.stack;

import dev.cairn.impl.StackPoolOptions;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the debug mode of a stack pool keeps per live block: where it was pushed, and the arena
 * its handed-out segment is scoped to. Popping the block poisons its bytes and closes that arena,
 * so the segment the caller still holds can no longer be read or written (a use after pop throws
 * {@link IllegalStateException}) and a stale handle is recognised on pop.
 *
 * <p>Restricted method: {@link MemorySegment#reinterpret(Arena, java.util.function.Consumer)}
 * rescopes the block to its arena; it changes neither the address nor the size, so it never
 * gives access beyond the block. It needs {@code --enable-native-access} for Cairn's module
 * (or {@code ALL-UNNAMED} on the class path) to run without a warning.
 */
final class DebugRecords {

    /** The largest number of stack frames kept per allocation site. */
    static final int SITE_DEPTH_MAX = 16;

    private static final Set<String> POOL_CLASSES = Set.of(
            FfmStackPool.class.getName(), StackFrame.class.getName(), DebugRecords.class.getName());
    private static final StackWalker WALKER = StackWalker.getInstance();

    private Arena[] arenas;
    private List<StackWalker.StackFrame>[] sites;

    DebugRecords(int initialCount) {
        arenas = new Arena[initialCount];
        sites = newSites(initialCount);
    }

    void grow(int count) {
        arenas = Arrays.copyOf(arenas, count);
        sites = Arrays.copyOf(sites, count);
    }

    /** Records the push of block {@code index} and returns the segment to hand out. */
    MemorySegment handOut(int index, MemorySegment block) {
        Arena arena = Arena.ofConfined();
        arenas[index] = arena;
        sites[index] = site();
        return block.reinterpret(arena, null);
    }

    /** {@return whether {@code handle} is the segment handed out for block {@code index}} */
    boolean isCurrentHandle(int index, MemorySegment handle) {
        return handle.scope().equals(arenas[index].scope());
    }

    /** Poisons block {@code index} (its bytes in {@code block}) and makes its handle unusable. */
    void retire(int index, MemorySegment block) {
        block.fill(StackPoolOptions.POISON_BYTE);
        arenas[index].close();
        arenas[index] = null;
        sites[index] = null;
    }

    /** {@return where block {@code index} was pushed, innermost frame first} */
    List<StackTraceElement> site(int index) {
        return sites[index].stream().map(StackWalker.StackFrame::toStackTraceElement).toList();
    }

    /**
     * The frames of the push, kept as {@link StackWalker.StackFrame}s: turning them into {@link
     * StackTraceElement}s is most of the cost, so it waits until a leak is reported.
     */
    private static List<StackWalker.StackFrame> site() {
        return WALKER.walk(frames -> frames
                .dropWhile(frame -> POOL_CLASSES.contains(frame.getClassName()))
                .limit(SITE_DEPTH_MAX)
                .toList());
    }

    @SuppressWarnings("unchecked")
    private static List<StackWalker.StackFrame>[] newSites(int count) {
        return (List<StackWalker.StackFrame>[]) new List<?>[count];
    }
}
