package dev.cairn.impl.stack;

import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ClosedFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SP-7 (owner thread only) and SP-8 (close pops, reports, then rejects every call). */
class StackPoolConfinementAndCloseTest {

    static final Type INT = Type.of("int", JAVA_INT);

    /** Every call of the pool and of a frame, by name, on a pool with one live block and one open frame. */
    static Map<String, Executable> everyCall(StackPool pool, MemorySegment top, StackPool.Frame frame) {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("push", () -> pool.push(INT, 1));
        calls.put("pushAligned", () -> pool.push(INT, 1, 16));
        calls.put("pushUninitialized", () -> pool.pushUninitialized(INT, 1, 4));
        calls.put("allocate", () -> pool.allocate(8, 8));
        calls.put("allocateFrom", () -> pool.allocateFrom("x"));
        calls.put("pop", () -> pool.pop(top));
        calls.put("mark", pool::mark);
        calls.put("frame.close", frame::close);
        calls.put("top", pool::top);
        calls.put("byteCapacity", pool::byteCapacity);
        calls.put("liveBlockCount", pool::liveBlockCount);
        calls.put("openFrameCount", pool::openFrameCount);
        calls.put("ownsMemory", pool::ownsMemory);
        calls.put("isClosed", pool::isClosed);
        calls.put("frame.isOpen", frame::isOpen);
        calls.put("closeAndReport", pool::closeAndReport);
        calls.put("close", pool::close);
        return calls;
    }

    @Test
    void everyCallFromAnotherThreadIsWrongThreadWithNoChange() throws InterruptedException {
        try (PoolFixture fixture = new PoolFixture(256)) {
            StackPool pool = fixture.pool;
            StackPool.Frame frame = pool.mark();
            MemorySegment top = pool.push(INT, 2);
            top.set(JAVA_INT, 0, 5);
            PoolFixture.Snapshot before = fixture.snapshot();
            for (Map.Entry<String, Executable> call : everyCall(pool, top, frame).entrySet()) {
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Thread other = Thread.ofPlatform().name("intruder").start(() -> {
                    try {
                        call.getValue().execute();
                    } catch (Throwable failure) {
                        thrown.set(failure);
                    }
                });
                other.join();
                assertInstanceOf(WrongThreadException.class, thrown.get(), call.getKey());
                assertEquals(Clause.SP_7, Clause.of(thrown.get()).orElseThrow(), call.getKey());
                assertTrue(thrown.get().getMessage().contains("thread=intruder"), thrown.get().getMessage());
                assertEquals(before, fixture.snapshot(), call.getKey() + " changed the pool");
            }
            AtomicReference<Thread> seen = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(() -> seen.set(pool.owner()));
            reader.join();
            assertSame(Thread.currentThread(), seen.get(), "owner() answers from any thread");
        }
    }

    @Test
    void afterCloseEveryCallIsClosedFaultWithNoChange() {
        try (PoolFixture fixture = new PoolFixture(256)) {
            StackPool pool = fixture.pool;
            StackPool.Frame frame = pool.mark();
            MemorySegment top = pool.push(INT, 2);
            var report = pool.closeAndReport();
            assertEquals(1, report.blockCount());
            assertEquals(8, report.byteSize());
            assertTrue(pool.isClosed());
            assertFalse(frame.isOpen());
            for (Map.Entry<String, Executable> call : everyCall(pool, top, frame).entrySet()) {
                switch (call.getKey()) {
                    case "top", "byteCapacity", "liveBlockCount", "openFrameCount", "ownsMemory", "isClosed",
                         "frame.isOpen" -> assertNotNull(fixture.snapshot());
                    case "closeAndReport" -> assertSame(dev.cairn.LeakReport.NONE, pool.closeAndReport());
                    case "close" -> {
                        PoolFixture.Snapshot before = fixture.snapshot();
                        pool.close();
                        assertEquals(before, fixture.snapshot());
                    }
                    default -> fixture.assertRejected(ClosedFault.class, Clause.SP_8, call.getValue());
                }
            }
            assertEquals(0, pool.top());
            assertEquals(0, pool.liveBlockCount());
        }
    }

    @Test
    void closeLogsAndClosesLikeCloseAndReport() {
        try (PoolFixture fixture = new PoolFixture(256)) {
            int[] destroyed = {0};
            Type counted = INT.withDestructor(element -> destroyed[0]++);
            fixture.pool.push(counted, 3);
            fixture.pool.close();
            assertTrue(fixture.pool.isClosed());
            assertEquals(3, destroyed[0]);
            assertEquals(0, fixture.pool.liveBlockCount());
        }
    }
}
