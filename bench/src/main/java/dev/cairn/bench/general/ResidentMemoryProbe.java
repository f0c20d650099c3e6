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
 * not grow during the measurement. The same code first runs on 48-byte blocks (a size class, and a
 * malloc bin, the measured blocks do not use) and keeps them live to the end (freed, glibc would
 * consolidate them and serve the measured blocks from that memory), so that compiling and loading classes
 * is not counted. Cairn's metadata is on the Java heap and so not in these figures: per slot of a
 * page in use, 16 bytes of arrays (state and byte size, type, free and remote stacks).
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
        boolean cairn = peer.equals("cairn");
        GeneralAllocator allocator = GeneralAllocators.confined();
        try {
            MemorySegment[] warmUpBlocks = new MemorySegment[BLOCK_COUNT];
            long[] warmUpAddresses = new long[BLOCK_COUNT];
            long warmUp = cairn ? cairnGrowth(allocator, 48, warmUpBlocks) : mallocGrowth(48, warmUpAddresses);
            long grown = cairn ? cairnGrowth(allocator, BYTE_SIZE, new MemorySegment[BLOCK_COUNT])
                    : mallocGrowth(BYTE_SIZE, new long[BLOCK_COUNT]);
            System.out.printf("peer=%s blocks=%d payloadBytes=%d residentGrowthBytes=%d ratio=%.3f"
                    + " (warm-up on 48 B blocks grew %d)%n", peer, BLOCK_COUNT, payload, grown,
                    (double) grown / payload, warmUp);
        } finally {
            allocator.closeAndReport();
        }
    }

    private static long cairnGrowth(GeneralAllocator allocator, int byteSize, MemorySegment[] blocks)
            throws IOException {
        long before = residentBytes();
        for (int index = 0; index < BLOCK_COUNT; index++) {
            blocks[index] = allocator.allocate(byteSize, 16);
            blocks[index].fill((byte) index);
        }
        return residentBytes() - before;
    }

    private static long mallocGrowth(int byteSize, long[] addresses) throws IOException {
        long before = residentBytes();
        for (int index = 0; index < BLOCK_COUNT; index++) {
            addresses[index] = Libc.malloc(byteSize, true);
            Libc.EVERYTHING.asSlice(addresses[index], byteSize).fill((byte) index);
        }
        return residentBytes() - before;
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
