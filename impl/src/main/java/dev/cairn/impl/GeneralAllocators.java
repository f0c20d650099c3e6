package dev.cairn.impl;

import dev.cairn.GeneralAllocator;
import dev.cairn.impl.general.FfmGeneralAllocator;
import dev.cairn.impl.general.CappedMemory;
import dev.cairn.impl.general.NativeMemory;
import dev.cairn.impl.general.SystemMemory;

/**
 * Makes Cairn's FFM general allocators (GA-1..GA-8).
 *
 * <ul>
 *   <li>{@link #shared()}: any thread may allocate and free, including blocks other threads
 *       allocated (GA-5). Each thread allocates from its own heap, with no lock and no atomic;
 *       a free costs one compare-and-set.</li>
 *   <li>{@link #confined()}: belongs to the calling thread; from any other thread every call throws
 *       {@link WrongThreadException}. No atomics at all.</li>
 *   <li>{@link #builder()}: either of those, and {@linkplain Builder#trackAllocationSites(boolean)
 *       tracking} of where each block was allocated, so that a leak report names the allocation
 *       sites (GA-6). Tracking walks the stack on every allocation: a debugging aid, not for
 *       production speed.</li>
 * </ul>
 *
 * <p>Memory comes from the C library ({@code aligned_alloc}/{@code free} downcalls, restricted FFM
 * methods): run with {@code --enable-native-access=dev.cairn.impl} (or {@code ALL-UNNAMED} on the
 * class path) to keep the JDK from warning.
 */
public final class GeneralAllocators {

    private GeneralAllocators() {
    }

    /** {@return a new shared general allocator, without allocation-site tracking} */
    public static GeneralAllocator shared() {
        return builder().build();
    }

    /** {@return a new general allocator confined to the calling thread, without tracking} */
    public static GeneralAllocator confined() {
        return builder().confined(true).build();
    }

    /** {@return a builder of a shared allocator without tracking, to change as needed} */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a general allocator. Not thread-safe; build on one thread. */
    public static final class Builder {

        private boolean confined;
        private boolean tracking;
        private long memoryByteSizeMax = Long.MAX_VALUE;

        private Builder() {
        }

        /**
         * {@return this builder}
         *
         * @param confined whether the allocator belongs to the thread that calls {@link #build()}
         */
        public Builder confined(boolean confined) {
            this.confined = confined;
            return this;
        }

        /**
         * {@return this builder}
         *
         * @param tracking whether every block records where it was allocated (for leak reports)
         */
        public Builder trackAllocationSites(boolean tracking) {
            this.tracking = tracking;
            return this;
        }

        /**
         * Caps the native memory the allocator holds at a time (GA-7): an allocation that would need
         * more fails with an {@link dev.cairn.fault.AllocationFault} and changes nothing, and works
         * again once frees or resizes have given memory back. The allocator takes memory from the
         * system in regions: 1 MiB chunks of 64 KiB pages for blocks up to 32 KiB, and one
         * page-rounded region per larger block; the cap counts those regions, not the blocks'
         * byte sizes. A large block's region goes back to the system when the block is freed; a
         * chunk stays with the allocator until close, its free pages serving small blocks again.
         * The default is no cap ({@link Long#MAX_VALUE}).
         *
         * @return this builder
         * @param memoryByteSizeMax the most bytes of regions held at a time, at least 1
         * @throws IllegalArgumentException if {@code memoryByteSizeMax < 1}; the builder is unchanged
         */
        public Builder memoryByteSizeMax(long memoryByteSizeMax) {
            if (memoryByteSizeMax < 1) {
                throw new IllegalArgumentException("memoryByteSizeMax=" + memoryByteSizeMax + " must be at least 1");
            }
            this.memoryByteSizeMax = memoryByteSizeMax;
            return this;
        }

        /** {@return a new allocator with these options; confined ones belong to the calling thread} */
        public GeneralAllocator build() {
            NativeMemory memory = memoryByteSizeMax == Long.MAX_VALUE
                    ? SystemMemory.INSTANCE
                    : new CappedMemory(SystemMemory.INSTANCE, memoryByteSizeMax);
            return new FfmGeneralAllocator(confined, tracking, memory);
        }
    }
}
