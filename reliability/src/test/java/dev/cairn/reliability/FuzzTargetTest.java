package dev.cairn.reliability;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.cairn.GeneralAllocator;
import dev.cairn.StackPool;
import dev.cairn.Type;
import dev.cairn.fault.Clause;
import dev.cairn.fault.ForeignBlockFault;
import dev.cairn.fault.LifoFault;
import dev.cairn.impl.GeneralAllocators;
import dev.cairn.impl.StackPools;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzz targets (Jazzer) over the entry points that take sizes, alignments and
 * segments. A plain test run ({@code ./mvnw verify}) replays the stored inputs in {@code
 * src/test/resources/dev/cairn/reliability/FuzzTargetTestInputs/<method>/} (a seed corpus and
 * every finding); {@code JAZZER_FUZZ=1} fuzzes (see docs/reliability.md for the command).
 */
class FuzzTargetTest {

    /** A fuzz input is read as at most this many hostile calls. */
    private static final int CALLS_MAX = 200;

    /**
     * The hostile-input driver with every choice taken from the fuzzer's input: the model and the
     * implementation must agree on every call, and a rejected call must change nothing on either.
     * @param data the fuzzer's input
     */
    @FuzzTest(maxDuration = "5m")
    void hostileCallsAgreeOnModelAndImplementation(FuzzedDataProvider data) {
        try (HostileDriver driver = new HostileDriver(choicesOf(data), "fuzz input")) {
            driver.run(CALLS_MAX);
        }
    }

    /**
     * Segments at any address and of any size (a forgery by {@code MemorySegment.ofAddress}, or a
     * live block's address moved by a few bytes and resized) given to every call that takes a
     * block: each must be refused with a foreign-block or LIFO fault and no change, decided without
     * reading memory the allocator does not own (GA-4, SP-4, ER-2): a read of such an address would
     * crash the JVM, which Jazzer reports.
     * @param data the fuzzer's input
     */
    @FuzzTest(maxDuration = "5m")
    void forgedSegmentsAreRefusedWithoutTouchingMemory(FuzzedDataProvider data) {
        try (GeneralAllocator heap = GeneralAllocators.confined(); StackPool pool = StackPools.allocate(1 << 16)) {
            List<MemorySegment> blocks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                blocks.add(heap.allocateGrowable(Type.BYTE, 1 + data.consumeInt(0, 70_000)));
                pool.push(Type.BYTE, 1 + data.consumeInt(0, 8000));
            }
            while (data.remainingBytes() > 0) {
                MemorySegment base = blocks.get(data.consumeInt(0, blocks.size() - 1));
                long address = data.consumeBoolean() ? data.consumeLong() : base.address() + data.consumeInt(-64, 64);
                long byteSize = data.consumeBoolean() ? data.consumeLong(0, address >= 0 ? Long.MAX_VALUE - address : 0)
                        : base.byteSize() + data.consumeInt(-8, 8);
                MemorySegment forged = forge(address, byteSize);
                if (forged == null) {
                    continue;
                }
                long live = heap.liveBlockCount();
                long liveBytes = heap.liveByteSize();
                long top = pool.top();
                int call = data.consumeInt(0, 5);
                Throwable thrown = thrown(() -> {
                    switch (call) {
                        case 0 -> heap.free(forged);
                        case 1 -> heap.resize(forged, 1 + data.consumeInt(0, 100_000));
                        case 2 -> heap.isGrowable(forged);
                        case 3 -> heap.typeOf(forged);
                        case 4 -> heap.freer().free(forged);
                        default -> pool.pop(forged);
                    }
                });
                checkRefused(thrown, call, forged, pool, top);
                boolean changed = heap.liveBlockCount() != live || heap.liveByteSize() != liveBytes || pool.top() != top;
                if (thrown != null && changed) {
                    throw new AssertionError("a refused forged segment changed the state: call=" + call);
                }
            }
        }
    }

    private static MemorySegment forge(long address, long byteSize) {
        if (byteSize < 0 || address < 0 && byteSize > 0) {
            return null;
        }
        try {
            return MemorySegment.ofAddress(address).reinterpret(byteSize);
        } catch (IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException unrepresentable) {
            return null;
        }
    }

    /**
     * A forged segment is refused with GA-4 (SP-4 for a pop); the only exception is the freer, which
     * takes a zero-length segment carrying a live block's address (DS-5), and a pop of a forgery
     * of exactly the top block's address and size, which the pool cannot tell from the block
     * outside its debug mode (docs/architecture.md).
     */
    private static void checkRefused(Throwable thrown, int call, MemorySegment forged, StackPool pool, long topBefore) {
        if (thrown == null) {
            boolean freerByAddress = call == 4 && forged.byteSize() == 0;
            boolean exactTopPop = call == 5 && pool.top() < topBefore;
            if (!freerByAddress && !exactTopPop) {
                throw new AssertionError("a forged segment was accepted: call=" + call + " address=" + forged.address()
                        + " byteSize=" + forged.byteSize());
            }
            return;
        }
        Clause expected = call == 5 ? Clause.SP_4 : Clause.GA_4;
        boolean refused = (thrown instanceof ForeignBlockFault || thrown instanceof LifoFault)
                && Clause.of(thrown).orElse(null) == expected;
        if (!refused) {
            throw new AssertionError("call=" + call + " threw " + thrown, thrown);
        }
    }

    private static Throwable thrown(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException failure) {
            return failure;
        }
    }

    private static Choices choicesOf(FuzzedDataProvider data) {
        return new Choices() {
            @Override
            public int nextInt(int bound) {
                return data.consumeInt(0, bound - 1);
            }

            @Override
            public long nextLong() {
                return data.consumeLong();
            }

            @Override
            public boolean nextBoolean() {
                return data.consumeBoolean();
            }

            @Override
            public boolean hasMore() {
                return data.remainingBytes() > 0;
            }
        };
    }
}
