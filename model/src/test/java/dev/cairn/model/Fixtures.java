package dev.cairn.model;

import dev.cairn.Type;
import dev.cairn.fault.Clause;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Types, a destructor log and fault assertions shared by the model's tests. */
final class Fixtures {

    static final Type INT = Type.of("int", ValueLayout.JAVA_INT);
    static final Type LONG = Type.of("long", ValueLayout.JAVA_LONG);
    static final Type PAIR = Type.of("pair", MemoryLayout.structLayout(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));

    private Fixtures() {
    }

    /** Records every destroyed element as {@code name:value}, value the long the element holds (DS-2). */
    static final class Log {
        final List<String> destroyed = new ArrayList<>();

        Type type(String name) {
            return Type.of(name, ValueLayout.JAVA_LONG)
                    .withDestructor(element -> destroyed.add(name + ":" + element.get(ValueLayout.JAVA_LONG, 0)));
        }

        /** A type whose destructor logs, then throws for the values given. */
        Type throwing(String name, long... failingValues) {
            return Type.of(name, ValueLayout.JAVA_LONG).withDestructor(element -> {
                long value = element.get(ValueLayout.JAVA_LONG, 0);
                destroyed.add(name + ":" + value);
                for (long failing : failingValues) {
                    if (failing == value) {
                        throw new IllegalStateException("boom " + value);
                    }
                }
            });
        }
    }

    /** Writes {@code first + i} into long element {@code i} of {@code block}; returns the block. */
    static MemorySegment number(MemorySegment block, long first) {
        for (long index = 0; index < block.byteSize() / Long.BYTES; index++) {
            block.setAtIndex(ValueLayout.JAVA_LONG, index, first + index);
        }
        return block;
    }

    static String hex(MemorySegment segment) {
        return HexFormat.of().formatHex(segment.toArray(ValueLayout.JAVA_BYTE));
    }

    static boolean allZero(MemorySegment segment) {
        return segment.elements(ValueLayout.JAVA_BYTE).allMatch(b -> b.get(ValueLayout.JAVA_BYTE, 0) == 0);
    }

    /** Asserts {@code call} throws {@code type} naming {@code clause} with a {@code name=value} message. */
    static <T extends Throwable> T assertFault(Class<T> type, Clause clause, Executable call) {
        T thrown = assertThrows(type, call);
        assertEquals(clause, Clause.of(thrown).orElseThrow(), thrown.getMessage());
        assertTrue(thrown.getMessage().startsWith("[" + clause.id() + "] "), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("="), thrown.getMessage());
        return thrown;
    }

    /**
     * Asserts {@code call} throws the fault and leaves the observable state and the bytes of the
     * given live blocks exactly as they were (ER-1).
     */
    static <T extends Throwable> T assertNoChange(Supplier<?> state, Class<T> type, Clause clause, Executable call,
                                                  MemorySegment... live) {
        Object before = state.get();
        List<String> bytes = Arrays.stream(live).map(Fixtures::hex).toList();
        T thrown = assertFault(type, clause, call);
        assertEquals(before, state.get());
        assertEquals(bytes, Arrays.stream(live).map(Fixtures::hex).toList());
        return thrown;
    }

    /** Runs {@code call} on a new thread and returns what it threw, or null. */
    static Throwable thrownOnOtherThread(Executable call) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                call.execute();
            } catch (Throwable failure) {
                thrown.set(failure);
            }
        });
        thread.join();
        return thrown.get();
    }

    /** Asserts {@code call} on another thread throws {@link WrongThreadException} naming {@code clause}. */
    static void assertWrongThread(Clause clause, Executable call) throws InterruptedException {
        Throwable thrown = thrownOnOtherThread(call);
        assertTrue(thrown instanceof WrongThreadException, String.valueOf(thrown));
        assertEquals(clause, Clause.of(thrown).orElseThrow());
    }
}
