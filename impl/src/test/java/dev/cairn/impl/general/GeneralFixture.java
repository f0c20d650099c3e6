package dev.cairn.impl.general;

import dev.cairn.GeneralAllocator;
import dev.cairn.Type;
import dev.cairn.fault.Clause;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared helpers of the general allocator's tests: types, snapshots, fault checks, a capped memory source. */
final class GeneralFixture {

    static final Type BYTES = Type.BYTE;
    static final Type LONG = Type.of("long", ValueLayout.JAVA_LONG);
    static final Type INT = Type.of("int", ValueLayout.JAVA_INT);

    private GeneralFixture() {
    }

    /** {@return a confined allocator on the system memory, without tracking} */
    static FfmGeneralAllocator confined() {
        return new FfmGeneralAllocator(true, false, SystemMemory.INSTANCE);
    }

    /** {@return a shared allocator on the system memory, without tracking} */
    static FfmGeneralAllocator shared() {
        return new FfmGeneralAllocator(false, false, SystemMemory.INSTANCE);
    }

    /** {@return both kinds, for tests that hold for each} */
    static List<FfmGeneralAllocator> both() {
        return List.of(confined(), shared());
    }

    /**
     * The observable state of an allocator: counts and the contents of some blocks.
     *
     * @param liveBlockCount the live block count
     * @param liveByteSize   the live bytes
     * @param contents       each block's bytes in hex
     */
    record Snapshot(long liveBlockCount, long liveByteSize, List<String> contents) {
    }

    /** {@return the observable state} @param allocator the allocator @param blocks blocks whose contents count */
    static Snapshot snapshot(GeneralAllocator allocator, List<MemorySegment> blocks) {
        List<String> contents = new ArrayList<>();
        for (MemorySegment block : blocks) {
            contents.add(HexFormat.of().formatHex(block.toArray(ValueLayout.JAVA_BYTE)));
        }
        return new Snapshot(allocator.liveBlockCount(), allocator.liveByteSize(), contents);
    }

    /**
     * Runs a call that must be rejected, and checks the fault's type and clause and that the
     * observable state did not change (ER-1).
     *
     * @return the fault
     */
    static <T extends Throwable> T assertRejected(Class<T> faultType, Clause clause, FfmGeneralAllocator allocator,
                                                 List<MemorySegment> blocks, Executable call) {
        Snapshot before = snapshot(allocator, blocks);
        T fault = assertThrows(faultType, call);
        assertEquals(clause, Clause.of(fault).orElseThrow(), fault.getMessage());
        assertTrue(fault.getMessage().startsWith("[" + clause.id() + "] "), fault.getMessage());
        assertTrue(fault.getMessage().contains("="), "a message names values: " + fault.getMessage());
        assertEquals(before, snapshot(allocator, blocks), "a rejected call changed the state");
        assertTrue(allocator.checkInvariants());
        return fault;
    }

    /** Fills a block with a pattern derived from {@code tag}. */
    static void fill(MemorySegment block, long tag) {
        for (long offset = 0; offset < block.byteSize(); offset++) {
            block.set(ValueLayout.JAVA_BYTE, offset, (byte) (tag * 31 + offset));
        }
    }

    /** {@return whether a block holds the pattern of {@code tag}} */
    static boolean holds(MemorySegment block, long tag) {
        for (long offset = 0; offset < block.byteSize(); offset++) {
            if (block.get(ValueLayout.JAVA_BYTE, offset) != (byte) (tag * 31 + offset)) {
                return false;
            }
        }
        return true;
    }

    /** {@return whether every byte of a block is zero} */
    static boolean isZero(MemorySegment block) {
        return block.mismatch(MemorySegment.ofArray(new byte[(int) block.byteSize()])) == -1;
    }

    /** {@return the address of the chunk (or 1 MiB-aligned large region) that holds {@code block}} */
    static long frameOf(MemorySegment block) {
        return block.address() & -RegionTable.FRAME_BYTE_SIZE;
    }

    /**
     * System memory with a chunk cache of its own (the process-wide one's limit), so that a test
     * knows what the cache holds; records the chunks the full cache gave to {@code free}.
     */
    static final class OwnSystemMemory {
        final List<Long> freed = Collections.synchronizedList(new ArrayList<>());
        final ChunkCache cache = new ChunkCache(ChunkCache.CHUNK_COUNT_MAX, address -> {
            freed.add(address);
            SystemMemory.free(address);
        });
        final SystemMemory memory = new SystemMemory(cache);

        /** Gives every cached chunk back to the C library; the cache is empty after. */
        void drain() {
            drain(cache);
        }

        /** Empties a cache into {@code free}; no other thread may use it meanwhile. @param cache the cache */
        static void drain(ChunkCache cache) {
            for (long address = cache.take(); address != 0; address = cache.take()) {
                SystemMemory.free(address);
            }
        }
    }

    /** A memory source that gives at most {@code limit} regions at a time, for GA-7. */
    static final class RegionCapMemory implements NativeMemory {
        int regionCountMax;
        int regionCount;
        int releasedCount;

        RegionCapMemory(int regionCountMax) {
            this.regionCountMax = regionCountMax;
        }

        @Override
        public MemorySegment allocate(long byteSize, long byteAlignment, Arena arena) {
            if (regionCount >= regionCountMax) {
                return null;
            }
            MemorySegment region = SystemMemory.INSTANCE.allocate(byteSize, byteAlignment, arena);
            if (region != null) {
                regionCount++;
            }
            return region;
        }

        @Override
        public void release(long address, long byteSize) {
            regionCount--;
            releasedCount++;
            SystemMemory.INSTANCE.release(address, byteSize);
        }
    }
}
