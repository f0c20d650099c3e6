package dev.cairn.bench.general;

import dev.cairn.GeneralAllocator;
import dev.cairn.Type;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** One allocate, write-a-long, free round trip per allocator kind, shared by the benchmarks. */
final class RoundTrip {

    private RoundTrip() {
    }

    /** Cairn, not zeroed (as malloc). */
    static long cairn(GeneralAllocator allocator, int byteSize) {
        MemorySegment block = allocator.allocateUninitialized(Type.BYTE, byteSize, 16);
        block.set(ValueLayout.JAVA_LONG, 0, 42);
        allocator.free(block);
        return block.address();
    }

    /** {@code malloc} and {@code free} downcalls. */
    static long malloc(int byteSize, boolean critical) {
        long address = Libc.malloc(byteSize, critical);
        Libc.EVERYTHING.set(ValueLayout.JAVA_LONG, address, 42);
        Libc.free(address, critical);
        return address;
    }

    /** A Netty direct buffer. */
    static int netty(ByteBufAllocator allocator, int byteSize) {
        ByteBuf buffer = allocator.directBuffer(byteSize, byteSize);
        buffer.writeLong(42);
        int written = buffer.writerIndex();
        buffer.release();
        return written;
    }
}
