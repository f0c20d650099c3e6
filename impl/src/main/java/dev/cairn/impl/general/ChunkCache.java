package dev.cairn.impl.general;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongConsumer;

/**
 * A small cache of released chunk memory: the addresses of at most {@link #countMax} regions of
 * {@link RegionTable#FRAME_BYTE_SIZE} bytes at a multiple of it, which the {@link SystemMemory}
 * hands out again instead of asking the C library for new ones. Making and closing an allocator
 * then costs no {@code aligned_alloc}/{@code free} pair while the process keeps making
 * short-lived allocators. Where the C library serves 1 MiB with {@code mmap} (glibc with a fixed
 * mmap threshold) that pair is an {@code mmap}, a {@code munmap} and page faults on first touch,
 * about 40 % of a short allocator's life; glibc with its dynamic threshold recycles chunks in its
 * own heap after the first {@code free}, and the cache then saves little (docs/architecture.md,
 * "Chunk cache").
 *
 * <p>The cache holds only memory no allocator holds: a chunk comes here after its allocator's
 * arena closed (so no segment of it is accessible any more) and after it left the {@link
 * RegionTable}; the allocator that takes it enters it again under its own arena. Its bytes are
 * what the previous owner left: every zeroing path of the allocator zeroes explicitly.
 *
 * <p>Thread-safe and lock-free: one slot per cached chunk, each taken or filled by one
 * compare-and-set. Invariant ({@link #checkInvariants()}): every slot is 0 (empty) or holds a
 * distinct address that is a multiple of {@link RegionTable#FRAME_BYTE_SIZE}; so at most {@link
 * #countMax} chunks are held and none twice.
 */
final class ChunkCache {

    /**
     * The most chunks the system memory keeps: 4 MiB of address space at most, resident only in
     * the pages earlier allocators touched. Four covers a few allocators closing at once (one
     * chunk each, as a short-lived allocator used by one thread has), or one allocator whose four
     * threads each had a chunk, so that the next ones start without a system call; more would
     * mostly hold memory a quiet process no longer needs.
     */
    static final int CHUNK_COUNT_MAX = 4;

    private static final long EMPTY = 0;

    private final AtomicLongArray addresses;
    private final LongConsumer freer;

    /**
     * Makes an empty cache.
     *
     * @param countMax the most chunks held, at least 1
     * @param freer    where a chunk goes when the cache is full (the C library's {@code free})
     * @throws IllegalArgumentException if {@code countMax < 1}
     */
    ChunkCache(int countMax, LongConsumer freer) {
        if (countMax < 1) {
            throw new IllegalArgumentException("countMax=" + countMax + " must be at least 1");
        }
        this.addresses = new AtomicLongArray(countMax);
        this.freer = freer;
    }

    /** {@return the most chunks held} */
    int countMax() {
        return addresses.length();
    }

    /** {@return a cached chunk's address, now the caller's; or 0 if the cache is empty} */
    long take() {
        for (int index = 0; index < addresses.length(); index++) {
            long address = addresses.get(index);
            if (address != EMPTY && addresses.compareAndSet(index, address, EMPTY)) {
                return address;
            }
        }
        return EMPTY;
    }

    /**
     * Keeps a chunk no allocator holds any more, or gives it to the freer if the cache is full.
     *
     * @param address the chunk's address, a multiple of {@link RegionTable#FRAME_BYTE_SIZE}
     */
    void release(long address) {
        for (int index = 0; index < addresses.length(); index++) {
            if (addresses.get(index) == EMPTY && addresses.compareAndSet(index, EMPTY, address)) {
                return;
            }
        }
        freer.accept(address);
    }

    /** {@return how many chunks are cached now} A probe for tests: exact only while no thread races. */
    int count() {
        int count = 0;
        for (int index = 0; index < addresses.length(); index++) {
            if (addresses.get(index) != EMPTY) {
                count++;
            }
        }
        return count;
    }

    /** {@return whether {@code address} is cached now} A probe for tests. @param address any value */
    boolean holds(long address) {
        for (int index = 0; index < addresses.length(); index++) {
            if (address != EMPTY && addresses.get(index) == address) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks the invariant of the class comment; call only when no other thread uses the cache.
     *
     * @return {@code true}, for use in {@code assert}
     * @throws IllegalStateException if it does not hold
     */
    boolean checkInvariants() {
        for (int index = 0; index < addresses.length(); index++) {
            long address = addresses.get(index);
            if (address == EMPTY) {
                continue;
            }
            if ((address & (RegionTable.FRAME_BYTE_SIZE - 1)) != 0) {
                throw new IllegalStateException("address=0x" + Long.toHexString(address) + " is not a chunk's");
            }
            for (int other = index + 1; other < addresses.length(); other++) {
                if (addresses.get(other) == address) {
                    throw new IllegalStateException("address=0x" + Long.toHexString(address) + " is cached twice");
                }
            }
        }
        return true;
    }
}
