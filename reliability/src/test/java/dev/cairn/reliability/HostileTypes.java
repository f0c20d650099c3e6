package dev.cairn.reliability;

import dev.cairn.Type;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The element types of one side of the hostile-input driver: plain ones of several sizes and
 * alignments, and three whose destructors misbehave: one throws (DS-4), one calls back into the
 * pool that is destroying it (a LIFO fault, SP-4), one calls back into the allocator (DS-3). Each
 * side has its own, so a destructor reaches its own side's pool and allocator; what they see goes
 * into the side's log, which the driver compares between the sides.
 */
final class HostileTypes {

    /** The number of types; {@link #get(int)} takes an index modulo it. */
    static final int COUNT = 7;

    private final List<Type> all;

    /** @param side the side whose pool and allocator the destructors call back into */
    HostileTypes(HostileSide side) {
        Type longs = Type.of("long", ValueLayout.JAVA_LONG);
        Type struct24 = Type.of("struct24", MemoryLayout.structLayout(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        Type wide32 = Type.of("wide32", MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_LONG).withByteAlignment(32));
        Type throwing = Type.of("throwing", ValueLayout.JAVA_INT).withDestructor(element -> {
            side.log.add("throwing destroyed " + element.get(ValueLayout.JAVA_INT, 0));
            throw new IllegalStateException("destructor fails on purpose");
        });
        Type poolCallback = Type.of("poolCallback", ValueLayout.JAVA_SHORT).withDestructor(element ->
                side.log.add("push from destructor: " + outcome(() -> side.pool.pop(side.pool.push(Type.BYTE, 8)))));
        Type allocatorCallback = Type.of("allocatorCallback", ValueLayout.JAVA_LONG).withDestructor(element ->
                side.log.add("allocator from destructor: " + outcome(() -> {
                    if (!side.allocator.isClosed()) {
                        side.allocator.free(side.allocator.allocate(Type.BYTE, 16));
                    }
                })));
        all = List.of(Type.BYTE, longs, struct24, wide32, throwing, poolCallback, allocatorCallback);
    }

    private static Outcome outcome(Runnable call) {
        try {
            call.run();
            return Outcome.returned("");
        } catch (RuntimeException failure) {
            return Outcome.threw(failure);
        }
    }

    /** {@return type {@code index} modulo {@link #COUNT}} @param index any non-negative index */
    Type get(int index) {
        return all.get(Math.floorMod(index, COUNT));
    }
}
