package dev.cairn.verification;

import dev.cairn.AlignmentContext;
import dev.cairn.LeakReport;
import dev.cairn.StackPool;
import dev.cairn.Type;
import org.lwjgl.system.MemoryStack;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * LWJGL's {@link MemoryStack} on memory of a shared arena, adapted to the stack pool contract as
 * far as it goes. LWJGL's stack grows downwards from the end of its memory; it has frames
 * ({@code push()}/{@code pop()}) but no pop of one block, so a pop here restores the stack pointer
 * to what it was before that block ({@code setPointer}), for any block this adapter handed out.
 *
 * <p>Guards (ER-2): an alignment that is not a power of two, a size above {@code int}, and an
 * unknown block are rejected here with {@link IllegalArgumentException} and never reach LWJGL,
 * whose pointer arithmetic assumes them valid. LWJGL's {@code OutOfMemoryError("Out of stack
 * space.")} is rethrown as an {@link IllegalStateException} so that the harness can go on.
 */
final class LwjglStackPool implements StackPool {

    private record Live(AdaptedBlock adapted, int pointerBefore) {
        MemorySegment block() {
            return adapted.block();
        }
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment memory;
    private final MemoryStack stack;
    private final List<Live> live = new ArrayList<>();
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    LwjglStackPool(long byteCapacity) {
        memory = arena.allocate(byteCapacity, AlignmentContext.CEILING_BYTE_ALIGNMENT);
        stack = MemoryStack.ncreate(memory.address(), Math.toIntExact(byteCapacity));
    }

    @Override
    public MemorySegment push(Type type, long count) {
        return push(type, count, 1);
    }

    @Override
    public MemorySegment push(Type type, long count, long byteAlignment) {
        return push(type, count, byteAlignment, true);
    }

    @Override
    public MemorySegment pushUninitialized(Type type, long count, long byteAlignment) {
        return push(type, count, byteAlignment, false);
    }

    private MemorySegment push(Type type, long count, long byteAlignment, boolean zeroed) {
        long byteSize = type.blockByteSize(count);
        long effective = Math.max(type.byteAlignment(), byteAlignment);
        if (!AlignmentContext.isPowerOfTwo(effective) || byteSize > Integer.MAX_VALUE || effective > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("byteSize=" + byteSize + " byteAlignment=" + effective
                    + " is not valid for MemoryStack; not passed to LWJGL");
        }
        int before = stack.getPointer();
        long address;
        try {
            address = zeroed ? stack.ncalloc((int) effective, 1, (int) byteSize) : stack.nmalloc((int) effective, (int) byteSize);
        } catch (OutOfMemoryError full) {
            stack.setPointer(before);
            throw new IllegalStateException("LWJGL: " + full.getMessage(), full);
        }
        MemorySegment block = memory.asSlice(address - memory.address(), byteSize);
        live.add(new Live(new AdaptedBlock(block, type, count), before));
        return block;
    }

    @Override
    public void pop(MemorySegment block) {
        for (int index = live.size() - 1; index >= 0; index--) {
            Live candidate = live.get(index);
            if (candidate.block().address() == block.address() && candidate.block().byteSize() == block.byteSize()) {
                stack.setPointer(candidate.pointerBefore);
                live.subList(index, live.size()).clear();
                return;
            }
        }
        throw new IllegalArgumentException("address=" + block.address() + " is not a block of this adapter");
    }

    @Override
    public Frame mark() {
        long markedTop = top();
        int pointer = stack.getPointer();
        stack.push();
        return new Frame() {
            private boolean open = true;

            @Override
            public long markedTop() {
                return markedTop;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                stack.pop();
                open = false;
                live.removeIf(block -> block.pointerBefore <= pointer && block.block().address() < memory.address() + stack.getPointer());
            }
        };
    }

    @Override
    public long top() {
        return stack.getSize() - stack.getPointer();
    }

    @Override
    public long byteCapacity() {
        return stack.getSize();
    }

    @Override
    public int liveBlockCount() {
        return live.size();
    }

    @Override
    public int openFrameCount() {
        return stack.getFrameIndex();
    }

    @Override
    public boolean ownsMemory() {
        return true;
    }

    @Override
    public Thread owner() {
        return owner;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return push(Type.BYTE, byteSize, byteAlignment);
    }

    @Override
    public LeakReport closeAndReport() {
        if (closed) {
            return LeakReport.NONE;
        }
        LeakReport leaks = AdaptedBlock.leaks(live.stream().map(Live::adapted).toList());
        live.clear();
        closed = true;
        arena.close();
        return leaks;
    }

    @Override
    public void close() {
        closeAndReport();
    }
}
