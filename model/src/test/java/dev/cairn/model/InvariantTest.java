package dev.cairn.model;

import dev.cairn.CountMode;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.fault.Clause;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

import static dev.cairn.model.Fixtures.INT;
import static dev.cairn.model.Fixtures.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shows that every conjunct of the model's invariants can fail: each test corrupts one part of a
 * model's private state (as a bug would) and expects the conjunct naming that clause to catch it.
 */
class InvariantTest {

    private final Arena arena = Arena.ofAuto();

    private static Object read(Object target, String name) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }

    private static void write(Object target, String name, Object value) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object target, String name) throws ReflectiveOperationException {
        return (List<T>) read(target, name);
    }

    private static void assertBroken(Clause clause, String detail, BooleanSupplier check) {
        AssertionError broken = assertThrows(AssertionError.class, check::getAsBoolean);
        assertTrue(broken.getMessage().startsWith("[" + clause.id() + "] model invariant broken: "), broken.getMessage());
        assertTrue(broken.getMessage().contains(detail), broken.getMessage());
    }

    /** A pool holding a long at offset 0 and an int at offset 8. */
    private static ModelStackPool poolOfTwo() {
        ModelStackPool pool = ModelStackPool.owning(256);
        pool.push(LONG, 1);
        pool.push(INT, 1);
        return pool;
    }

    private static ModelStackPool.Block intBlock(MemorySegment segment, long offset, long topBefore) {
        return new ModelStackPool.Block(segment, offset, 4, INT, 1, topBefore);
    }

    @Test
    void poolBlockSizesTy2() throws ReflectiveOperationException {
        ModelStackPool pool = poolOfTwo();
        List<ModelStackPool.Block> blocks = list(pool, "blocks");
        blocks.set(1, new ModelStackPool.Block(blocks.get(1).segment(), 8, 4, INT, 2, 8));
        assertBroken(Clause.TY_2, "count=2", pool::checkInvariants);
    }

    @Test
    void poolNoOverlapGa1() throws ReflectiveOperationException {
        ModelStackPool pool = poolOfTwo();
        List<ModelStackPool.Block> blocks = list(pool, "blocks");
        blocks.set(1, intBlock(blocks.get(0).segment().asSlice(4, 4), 4, 8));
        assertBroken(Clause.GA_1, "index=1", pool::checkInvariants);
    }

    @Test
    void poolAlignedOffsetsAndAddressesAc4() throws ReflectiveOperationException {
        ModelStackPool pool = poolOfTwo();
        List<ModelStackPool.Block> blocks = list(pool, "blocks");
        MemorySegment segment = blocks.get(1).segment();
        blocks.set(1, intBlock(segment, 9, 8));
        assertBroken(Clause.AC_4, "offset=9", pool::checkInvariants);
        blocks.set(1, intBlock(arena.allocate(8, 8).asSlice(2, 4), 8, 8));
        assertBroken(Clause.AC_4, "offset=8", pool::checkInvariants);
    }

    @Test
    void poolLifoOffsetsSp2() throws ReflectiveOperationException {
        ModelStackPool pool = poolOfTwo();
        List<ModelStackPool.Block> blocks = list(pool, "blocks");
        MemorySegment segment = blocks.get(1).segment();
        blocks.set(1, intBlock(segment, 8, 4));
        assertBroken(Clause.SP_2, "topBefore=4", pool::checkInvariants);
        blocks.set(1, intBlock(segment, 12, 8));
        assertBroken(Clause.SP_2, "offset=12", pool::checkInvariants);
    }

    @Test
    void poolTopIsEndOfLastBlockSp2() throws ReflectiveOperationException {
        ModelStackPool pool = poolOfTwo();
        write(pool, "top", 16L);
        assertBroken(Clause.SP_2, "top=16", pool::checkInvariants);
    }

    @Test
    void poolWithinCapacitySp3() throws ReflectiveOperationException {
        ModelStackPool pool = ModelStackPool.owning(256);
        list(pool, "blocks").add(new ModelStackPool.Block(arena.allocate(300, 8), 0, 1, Type.BYTE, 300, 0));
        write(pool, "top", 300L);
        assertBroken(Clause.SP_3, "top=300", pool::checkInvariants);
    }

    @Test
    void poolFramesNestSp6() throws ReflectiveOperationException {
        ModelStackPool pool = ModelStackPool.owning(256);
        pool.push(LONG, 1);
        StackPool.Frame outer = pool.mark();
        pool.push(LONG, 1);
        StackPool.Frame inner = pool.mark();
        List<Object> frames = list(pool, "frames");
        Collections.swap(frames, 0, 1);
        assertBroken(Clause.SP_6, "depth=1", pool::checkInvariants);
        Collections.swap(frames, 0, 1);
        write(inner, "open", false);
        assertBroken(Clause.SP_6, "depth=2", pool::checkInvariants);
        write(inner, "open", true);
        write(outer, "markedTop", 4L);
        assertBroken(Clause.SP_6, "markedTop=4", pool::checkInvariants);
        write(outer, "markedTop", 8L);
        list(pool, "blocks").removeLast();
        write(pool, "top", 8L);
        assertBroken(Clause.SP_6, "liveBlockCount=1", pool::checkInvariants);
    }

    @Test
    void poolDestroyedExactlyOnceDs1() throws ReflectiveOperationException {
        ModelStackPool pool = poolOfTwo();
        write(pool, "elementsDestroyed", 1L);
        assertBroken(Clause.DS_1, "destroyed=1", pool::checkInvariants);
    }

    @Test
    void poolClosedIsEmptySp8() throws ReflectiveOperationException {
        ModelStackPool pool = poolOfTwo();
        write(pool, "closed", true);
        assertBroken(Clause.SP_8, "liveBlockCount=2", pool::checkInvariants);
        ModelStackPool marked = ModelStackPool.owning(16);
        marked.mark();
        write(marked, "closed", true);
        assertBroken(Clause.SP_8, "openFrameCount=1", marked::checkInvariants);
    }

    @Test
    void poolOnUnalignedApplicationMemoryAlignsOffsetsOnlySp1() {
        MemorySegment memory = arena.allocate(64, 8).asSlice(1, 32);
        ModelStackPool pool = ModelStackPool.on(memory);
        pool.push(Type.BYTE, 1);
        MemorySegment block = pool.push(LONG, 1);
        assertEquals(8, block.address() - memory.address());
        assertTrue(pool.checkInvariants());
    }

    private static ModelGeneralAllocator.Entry plain(MemorySegment segment, long itemOffset, Type type, long count,
                                                     long byteAlignment, long initialCount) {
        return new ModelGeneralAllocator.Entry(segment, itemOffset, type, count, byteAlignment, false, initialCount, null);
    }

    @Test
    void allocatorBlockSizesTy2() throws ReflectiveOperationException {
        ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();
        MemorySegment block = allocator.allocate(LONG, 1);
        list(allocator, "entries").set(0, plain(block, 0, LONG, 2, 8, 2));
        assertBroken(Clause.TY_2, "count=2", allocator::checkInvariants);
    }

    @Test
    void allocatorCountedItemsPlacedRc1() throws ReflectiveOperationException {
        ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();
        list(allocator, "entries").add(plain(arena.allocate(12, 8), 4, LONG, 1, 4, 1));
        assertBroken(Clause.RC_1, "itemOffset=4", allocator::checkInvariants);
    }

    @Test
    void allocatorAlignedLiveBlocksAc4() throws ReflectiveOperationException {
        ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();
        list(allocator, "entries").add(plain(arena.allocate(16, 8).asSlice(4, 8), 0, LONG, 1, 8, 1));
        assertBroken(Clause.AC_4, "byteAlignment=8", allocator::checkInvariants);
    }

    @Test
    void allocatorNoOverlapGa1() throws ReflectiveOperationException {
        ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();
        MemorySegment memory = arena.allocate(24, 8);
        List<ModelGeneralAllocator.Entry> entries = list(allocator, "entries");
        entries.add(plain(memory.asSlice(8, 8), 0, LONG, 1, 8, 1));
        entries.add(plain(memory.asSlice(0, 8), 0, LONG, 1, 8, 1));
        entries.add(plain(memory.asSlice(16, 8), 0, LONG, 1, 8, 1));
        write(allocator, "elementsCreated", 3L);
        write(allocator, "liveByteSize", 24L);
        assertTrue(allocator.checkInvariants());
        entries.add(plain(memory.asSlice(8, 16), 0, LONG, 2, 8, 2));
        write(allocator, "elementsCreated", 5L);
        write(allocator, "liveByteSize", 40L);
        assertBroken(Clause.GA_1, "overlaps", allocator::checkInvariants);
    }

    @Test
    void allocatorFixedBlocksKeepSizeGa3() throws ReflectiveOperationException {
        ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();
        MemorySegment block = allocator.allocate(LONG, 1);
        list(allocator, "entries").set(0, plain(block, 0, LONG, 1, 8, 2));
        assertBroken(Clause.GA_3, "initialCount=2", allocator::checkInvariants);
    }

    @Test
    void allocatorDestroyedExactlyOnceDs1() throws ReflectiveOperationException {
        ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();
        allocator.allocate(LONG, 3);
        write(allocator, "elementsCreated", 4L);
        assertBroken(Clause.DS_1, "elementsCreated=4", allocator::checkInvariants);
    }

    @Test
    void allocatorCountsConservedRc4() throws ReflectiveOperationException {
        ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();
        ModelRefCounted handle = (ModelRefCounted) allocator.allocateCounted(LONG, 1, 1, CountMode.ATOMIC);
        handle.retain();
        handle.release();
        write(handle, "retains", 2L);
        assertBroken(Clause.RC_4, "type=long", allocator::checkInvariants);
        handle.forceCount(3);
        assertTrue(allocator.checkInvariants());
        handle.forceCount(0);
        assertBroken(Clause.RC_4, "type=long", allocator::checkInvariants);
        handle.forceCount(1);
        handle.markDestroyed();
        assertBroken(Clause.RC_4, "type=long", allocator::checkInvariants);
    }

    @Test
    void allocatorLiveByteSizeKeptGa1() throws ReflectiveOperationException {
        ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();
        allocator.allocate(LONG, 3);
        assertEquals(24, allocator.liveByteSize());
        write(allocator, "liveByteSize", 16L);
        assertBroken(Clause.GA_1, "liveByteSize=16 but the live blocks' byteSize sum=24", allocator::checkInvariants);
    }

    @Test
    void allocatorWithinLimitGa7() throws ReflectiveOperationException {
        ModelGeneralAllocator allocator = ModelGeneralAllocator.shared(8);
        list(allocator, "entries").add(plain(arena.allocate(16, 8), 0, LONG, 2, 8, 2));
        write(allocator, "elementsCreated", 2L);
        write(allocator, "liveByteSize", 16L);
        assertBroken(Clause.GA_7, "byteSizeLimit=8", allocator::checkInvariants);
    }

    @Test
    void allocatorClosedIsEmptyGa6() throws ReflectiveOperationException {
        ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();
        allocator.allocate(LONG, 1);
        write(allocator, "closed", true);
        assertBroken(Clause.GA_6, "liveBlockCount=1", allocator::checkInvariants);
    }
}
