package dev.cairn.impl.counted;

import dev.cairn.AlignmentContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The block layout of counted items (RC-1): its invariants hold for every alignment, and its check can fail. */
class CountedLayoutTest {

    @Test
    void theLayoutKeepsTheItemAlignedAfterTheCountForEveryAlignment() {
        long[] itemByteSizes = {1, 3, 8, 24, 4096, 1L << 40};
        for (long alignment = 1; alignment <= AlignmentContext.CEILING_BYTE_ALIGNMENT; alignment *= 2) {
            for (long itemByteSize : itemByteSizes) {
                CountedLayout layout = CountedLayout.of(alignment, itemByteSize);
                assertTrue(layout.invariantsHold(), layout::toString);
                assertEquals(Math.max(4, alignment), layout.itemByteOffset(), "the least aligned offset after the count");
                assertEquals(Math.max(4, alignment), layout.blockByteAlignment());
                assertEquals(layout.itemByteOffset() + itemByteSize, layout.blockByteSize());
                assertEquals(layout.blockByteSize(), layout.blockLayout().byteSize());
            }
        }
    }

    @Test
    void theInvariantCheckRejectsBrokenLayouts() {
        assertFalse(new CountedLayout(8, 4, 8, 8, 12).invariantsHold(), "item offset not a multiple of 8");
        assertFalse(new CountedLayout(2, 2, 8, 4, 10).invariantsHold(), "item overlaps the count");
        assertFalse(new CountedLayout(16, 16, 8, 8, 24).invariantsHold(), "block less aligned than the item");
        assertFalse(new CountedLayout(1, 4, 8, 1, 12).invariantsHold(), "count not aligned for atomic access");
        assertFalse(new CountedLayout(4, 4, 8, 4, 16).invariantsHold(), "block size is not offset plus item");
    }
}
