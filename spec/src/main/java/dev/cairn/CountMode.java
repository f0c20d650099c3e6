package dev.cairn;

/**
 * How a {@link RefCounted} item keeps its count (RC-6).
 */
public enum CountMode {
    /** Atomic updates: any thread may retain and release; the count is conserved under races. */
    ATOMIC,
    /**
     * Plain updates, no atomics: the handle belongs to the thread that allocated it, and from any
     * other thread every call but the accessors of type, element count and mode throws {@link
     * WrongThreadException}.
     */
    CONFINED
}
