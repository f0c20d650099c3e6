package dev.cairn.bench.general;

import dev.cairn.GeneralAllocator;
import dev.cairn.impl.GeneralAllocators;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory for 100,000 live 64-byte blocks, each fully written: the growth of the process's
 * resident set ({@code VmRSS}) while they are allocated, for Cairn and for {@code malloc}. Run with a
 * pre-touched, fixed heap ({@code -Xms512m -Xmx512m -XX:+AlwaysPreTouch}) so that the Java heap does
 * not grow during the measurement; Cairn's on-heap metadata is reported separately (estimated from
 * its page arrays: 16 bytes per slot of a page in use, plus the segment objects the caller keeps).
 * Target: at most 1.1x the payload plus a fixed overhead.
 */
public final class ResidentMemoryProbe {

    private static final int BLOCK_COUNT = 100_000;
    private static final int BYTE_SIZE = 64;

    private ResidentMemoryProbe() {
    }

    /**
     * Prints the figures.
     *
     * @param arguments {@code cairn} or {@code malloc}
     * @throws IOException if {@code /proc/self/status} cannot be read
     */
    public static void main(String[] arguments) throws IOException {
        String peer = arguments.length > 0 ? arguments[0] : "cairn";
        long payload = (long) BLOCK_COUNT * BYTE_SIZE;
        long before = residentBytes();
        long after;
        if (peer.equals("cairn")) {
            MemorySegment[] blocks = new MemorySegment[BLOCK_COUNT];
            try (GeneralAllocator allocator = GeneralAllocators.confined()) {
                for (int index = 0; index < BLOCK_COUNT; index++) {
                    blocks[index] = allocator.allocate(BYTE_SIZE, 16);
                    blocks[index].fill((byte) index);
                }
                after = residentBytes();
                for (MemorySegment block : blocks) {
                    allocator.free(block);
                }
            }
        } else {
            long[] addresses = new long[BLOCK_COUNT];
            for (int index = 0; index < BLOCK_COUNT; index++) {
                addresses[index] = Libc.malloc(BYTE_SIZE, true);
                Libc.EVERYTHING.asSlice(addresses[index], BYTE_SIZE).fill((byte) index);
            }
            after = residentBytes();
            for (long address : addresses) {
                Libc.free(address, true);
            }
        }
        long grown = after - before;
        System.out.printf("peer=%s blocks=%d payloadBytes=%d residentGrowthBytes=%d ratio=%.3f%n",
                peer, BLOCK_COUNT, payload, grown, (double) grown / payload);
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS line in /proc/self/status");
    }
}
