package dev.cairn.reliability;

import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.Vector;
import dev.cairn.fault.AllocationFault;
import dev.cairn.fault.Clause;
import dev.cairn.impl.GeneralAllocators;
import dev.cairn.impl.general.CappedMemory;
import dev.cairn.impl.general.FfmGeneralAllocator;
import dev.cairn.impl.general.SystemMemory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backing memory that runs out (GA-7): a clear fault, no change, and the allocator works again once
 * memory is available, under seeded random workloads ({@code -Dcairn.reliability.faultSteps=N}
 * steps each; 20,000 in {@code ./mvnw verify}, 200,000 with {@code -Preliability}).
 */
class MemoryFaultTest {

    private static final long CHUNK = 1 << 20;
    private static final long STEPS_DEFAULT = 20_000;
    private static final Type LONG = Type.of("long", ValueLayout.JAVA_LONG);

    /** What the workload holds: blocks (with whether growable), counted items and vectors. */
    private static final class Held {
        final List<MemorySegment> blocks = new ArrayList<>();
        final List<Boolean> growable = new ArrayList<>();
        final List<RefCounted> items = new ArrayList<>();
        final List<Vector> vectors = new ArrayList<>();

        /** {@return the allocator's counts and a checksum of everything held} */
        String snapshot(GeneralAllocator heap) {
            CRC32 crc = new CRC32();
            blocks.forEach(block -> crc.update(block.asByteBuffer()));
            items.forEach(item -> crc.update(item.item().asByteBuffer()));
            for (Vector vector : vectors) {
                for (long index = 0; index < vector.size(); index++) {
                    crc.update(vector.get(index).asByteBuffer());
                }
            }
            return "live=" + heap.liveBlockCount() + " bytes=" + heap.liveByteSize() + " vectors="
                    + vectors.stream().map(v -> v.size() + "/" + v.capacity()).toList() + " crc=" + crc.getValue();
        }

        boolean isEmpty() {
            return blocks.isEmpty() && items.isEmpty() && vectors.isEmpty();
        }

        /** Frees one held thing at random. */
        void freeOne(GeneralAllocator heap, SplittableRandom random) {
            int which = random.nextInt(3);
            if (which == 0 && !items.isEmpty()) {
                assertTrue(items.remove(random.nextInt(items.size())).release());
            } else if (which == 1 && !vectors.isEmpty()) {
                vectors.remove(random.nextInt(vectors.size())).free();
            } else if (!blocks.isEmpty()) {
                int index = random.nextInt(blocks.size());
                growable.remove(index);
                heap.free(blocks.remove(index));
            } else if (!items.isEmpty()) {
                assertTrue(items.removeLast().release());
            } else if (!vectors.isEmpty()) {
                vectors.removeLast().free();
            }
        }
    }

    /**
     * Seeded random workloads (fixed, growable and large blocks, resizes, counted items, vector
     * appends) on confined and shared allocators whose memory is capped at 1 to 4 chunks. Every
     * {@link AllocationFault} must name GA-7 and values, change nothing (counts, bytes, every held
     * byte), and the same request must succeed again once enough is freed: at the latest when
     * nothing is live and the capped source has room for the request's region.
     */
    @Test
    void randomWorkloadsUnderACapFaultWithNoChangeAndWorkAgainOnceMemoryIsFreed() {
        long steps = Long.getLong("cairn.reliability.faultSteps", STEPS_DEFAULT);
        long faults = 0;
        long recovered = 0;
        long started = System.nanoTime();
        for (int run = 0; run < 8; run++) {
            SplittableRandom random = new SplittableRandom(1000 + run);
            CappedMemory memory = new CappedMemory(SystemMemory.INSTANCE, CHUNK * (1 + run % 4));
            FfmGeneralAllocator heap = new FfmGeneralAllocator(run % 2 == 0, false, memory);
            Held held = new Held();
            for (long step = 0; step < steps / 8; step++) {
                Supplier<Object> request = request(heap, held, random);
                String before = held.snapshot(heap);
                try {
                    request.get();
                    continue;
                } catch (AllocationFault fault) {
                    faults++;
                    assertEquals(Clause.GA_7, fault.clause());
                    assertTrue(fault.getMessage().startsWith("[GA-7] ") && fault.getMessage().contains("="),
                            fault.getMessage());
                    assertEquals(before, held.snapshot(heap), "an allocation fault changed nothing");
                    assertTrue(heap.checkInvariants());
                }
                recovered += recover(heap, memory, held, random, request) ? 1 : 0;
            }
            heap.close();
        }
        System.out.printf("memory faults: steps=%d allocation faults=%d recovered by frees=%d in %d ms%n", steps,
                faults, recovered, (System.nanoTime() - started) / 1_000_000);
        assertTrue(faults > steps / 1000, "the cap was reached often: faults=" + faults);
    }

    /**
     * Frees held things one at a time, retrying the failed request after each, until it succeeds;
     * when nothing is left, it must succeed unless its region cannot fit beside the chunks the
     * allocator keeps until close (a documented limit, architecture.md).
     */
    private static boolean recover(FfmGeneralAllocator heap, CappedMemory memory, Held held, SplittableRandom random,
                                   Supplier<Object> request) {
        while (true) {
            try {
                request.get();
                return true;
            } catch (AllocationFault stillFull) {
                if (held.isEmpty()) {
                    assertTrue(memory.byteSizeMax() - memory.heldByteSize() < CHUNK,
                            "nothing is live and the source has room, yet: " + stillFull.getMessage());
                    return false;
                }
                held.freeOne(heap, random);
            }
        }
    }

    /** A random request that takes memory, adding what it made to {@code held} when it succeeds. */
    private static Supplier<Object> request(GeneralAllocator heap, Held held, SplittableRandom random) {
        int what = random.nextInt(held.isEmpty() ? 4 : 7);
        long count = random.nextInt(20) == 0 ? 4096 + random.nextInt(40_000) : 1 + random.nextInt(512);
        long alignment = 1L << random.nextInt(4);
        return switch (what) {
            case 0 -> () -> keep(held, heap.allocate(LONG, count, alignment), false, random);
            case 1 -> () -> keep(held, heap.allocateGrowable(LONG, count, alignment), true, random);
            case 2 -> () -> held.items.add(heap.allocateCounted(LONG, count, alignment, CountMode.ATOMIC));
            case 3 -> () -> held.vectors.add(heap.newVector(LONG, 1 + count / 64));
            case 4 -> held.vectors.isEmpty() ? allocateAndFree(heap) : appendOne(held, random);
            default -> resizeOne(heap, held, random, count);
        };
    }

    private static Object keep(Held held, MemorySegment block, boolean growable, SplittableRandom random) {
        block.fill((byte) random.nextInt());
        held.blocks.add(block);
        held.growable.add(growable);
        return block;
    }

    private static Supplier<Object> appendOne(Held held, SplittableRandom random) {
        Vector vector = held.vectors.get(random.nextInt(held.vectors.size()));
        long value = random.nextLong();
        return () -> {
            if (!held.vectors.contains(vector)) {
                return null; // freed while recovering: nothing left to append to
            }
            vector.append().set(ValueLayout.JAVA_LONG, 0, value);
            return vector;
        };
    }

    private static Supplier<Object> allocateAndFree(GeneralAllocator heap) {
        return () -> {
            heap.free(heap.allocate(Type.BYTE, 1));
            return null;
        };
    }

    private static Supplier<Object> resizeOne(GeneralAllocator heap, Held held, SplittableRandom random, long count) {
        int index = held.growable.indexOf(true);
        if (index < 0) {
            return allocateAndFree(heap);
        }
        MemorySegment target = held.blocks.get(index);
        return () -> {
            int at = held.blocks.indexOf(target);
            if (at < 0) {
                return null; // freed while recovering: nothing left to resize
            }
            MemorySegment resized = heap.resize(target, count);
            held.blocks.set(at, resized);
            return resized;
        };
    }

    /**
     * With room for one chunk (16 pages of 64 KiB), sixteen size classes take every page; once all
     * their blocks are freed, the allocator holds nothing live, so a block of a seventeenth class
     * must be had again (GA-7: it works again once memory is available).
     */
    @Test
    void freedPagesServeOtherSizeClassesUnderACap() {
        GeneralAllocator heap = GeneralAllocators.builder().confined(true).memoryByteSizeMax(CHUNK).build();
        long[] byteSizes = {16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512};
        List<MemorySegment> blocks = new ArrayList<>();
        for (long byteSize : byteSizes) {
            blocks.add(heap.allocate(Type.BYTE, byteSize));
        }
        AllocationFault full = assertThrows(AllocationFault.class, () -> heap.allocate(Type.BYTE, 640));
        assertEquals(Clause.GA_7, full.clause());
        blocks.forEach(heap::free);
        assertEquals(0, heap.liveBlockCount());
        MemorySegment again = heap.allocate(Type.BYTE, 640);
        assertEquals(640, again.byteSize());
        heap.free(again);
        heap.close();
    }
}
