package dev.cairn.verification;

/**
 * The states and transitions a campaign must reach, counted in its {@link Coverage}: a default
 * campaign that never reaches one of them fails.
 */
public enum Interesting {
    /** A pop or frame close left the pool empty. */
    EMPTY_POOL,
    /** A push did not fit (SP-3) or filled the pool to the last byte. */
    FULL_POOL,
    /** Two or more frames open at once (SP-6). */
    NESTED_FRAMES,
    /** A growable block grew (GA-3). */
    GROWTH,
    /** A growable block shrank, destroying the elements cut off (GA-3, DS-1). */
    SHRINK,
    /** A release took a count from 1 to 0 and destroyed the item (RC-3). */
    COUNT_ONE_TO_ZERO,
    /** A free left the allocator with no live block. */
    EMPTY_ALLOCATOR,
    /** A close found live blocks and reported them as leaks (SP-8, GA-6). */
    LEAKS_AT_CLOSE,
    /** A destructor ran (DS-1). */
    DESTRUCTOR_RAN
}
