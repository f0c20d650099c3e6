package dev.cairn.reliability;

import dev.cairn.GeneralAllocator;
import dev.cairn.Type;
import dev.cairn.impl.GeneralAllocators;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A closed and dropped shared allocator is garbage, even though long-lived threads used it. Found
 * fuzzing: every shared allocator a thread had used stayed reachable from that thread's
 * thread-local map (its per-thread heap referred back to the allocator, which holds the
 * thread-local key), with its region table (a 64 KiB root and a 64 KiB leaf) and its pages'
 * metadata, until the thread ended: in the fuzzer's heap, 35,549 root arrays took 2.3 GB and
 * 31,798 leaves 2.1 GB.
 */
class AllocatorRetentionTest {

    @Test
    void closedSharedAllocatorsUsedByLongLivedThreadsAreCollected() throws Exception {
        List<WeakReference<GeneralAllocator>> dropped = new ArrayList<>();
        try (OtherThread other = new OtherThread()) {
            for (int i = 0; i < 20; i++) {
                GeneralAllocator heap = GeneralAllocators.shared();
                heap.free(heap.allocate(Type.BYTE, 64));
                other.run(() -> heap.free(heap.allocate(Type.BYTE, 64)));
                heap.close();
                dropped.add(new WeakReference<>(heap));
            }
            for (int attempt = 0; attempt < 50 && dropped.stream().anyMatch(ref -> ref.get() != null); attempt++) {
                System.gc();
                Thread.sleep(20);
            }
            long retained = dropped.stream().filter(ref -> ref.get() != null).count();
            assertTrue(retained == 0, retained + " of 20 closed allocators are still reachable");
        }
    }
}
