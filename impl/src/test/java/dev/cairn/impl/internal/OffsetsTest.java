package dev.cairn.impl.internal;

import dev.cairn.Type;
import dev.cairn.fault.ArgumentFault;
import dev.cairn.fault.Clause;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared offset arithmetic, checked against its definitions. */
class OffsetsTest {

    @Test
    void alignUpIsTheSmallestAlignedOffsetNotBelow() {
        for (long alignment = 1; alignment <= 4096; alignment <<= 1) {
            for (long offset = 0; offset < 5000; offset += 7) {
                long aligned = Offsets.alignUp(offset, alignment);
                assertTrue(aligned >= offset && aligned - offset < alignment && aligned % alignment == 0,
                        "offset=" + offset + " alignment=" + alignment + " aligned=" + aligned);
                assertEquals(aligned % alignment == 0, Offsets.isAligned(aligned, alignment));
            }
        }
        assertFalse(Offsets.isAligned(24, 16));
        assertTrue(Offsets.isAligned(32, 16));
    }

    /** The fast path agrees with Type.blockByteSize, and everything past 2^31 goes through it. */
    @Test
    void blockByteSizeAgreesWithTheTypeIncludingItsFaults() {
        Type huge = Type.of("huge", MemoryLayout.sequenceLayout(1L << 31, JAVA_BYTE));
        Type[] types = {Type.BYTE, Type.of("long", JAVA_LONG), huge};
        long[] counts = {1, 2, 1000, (1L << 31) - 1, 1L << 31, 1L << 32, (1L << 62) / 8, (1L << 62) / 8 + 1,
            Long.MAX_VALUE};
        for (Type type : types) {
            for (long count : counts) {
                Long expected;
                try {
                    expected = type.blockByteSize(count);
                } catch (ArgumentFault fault) {
                    expected = null;
                }
                if (expected == null) {
                    ArgumentFault fault = assertThrows(ArgumentFault.class, () -> Offsets.blockByteSize(type, count));
                    assertEquals(Clause.TY_2, fault.clause());
                } else {
                    assertEquals(expected, Offsets.blockByteSize(type, count), type + " count=" + count);
                }
            }
            for (long count : new long[] {0, -1, Long.MIN_VALUE}) {
                assertEquals(Clause.TY_2, assertThrows(ArgumentFault.class, () -> Offsets.blockByteSize(type, count)).clause());
            }
        }
    }
}
