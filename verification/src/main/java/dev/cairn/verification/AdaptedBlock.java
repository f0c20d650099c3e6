package dev.cairn.verification;

import dev.cairn.LeakReport;
import dev.cairn.Type;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A block an adapter of a third-party allocator handed out, as the contract's leak report needs it.
 *
 * @param block the segment
 * @param type  its type
 * @param count its element count
 */
record AdaptedBlock(MemorySegment block, Type type, long count) {

    /**
     * {@return the leak report of blocks still live at close, the last allocated first}
     *
     * @param live the live blocks in allocation order
     */
    static LeakReport leaks(List<AdaptedBlock> live) {
        List<LeakReport.Leak> leaks = new ArrayList<>();
        for (AdaptedBlock block : live.reversed()) {
            leaks.add(new LeakReport.Leak(block.type, block.count, block.block.byteSize(), List.of()));
        }
        return LeakReport.of(leaks);
    }
}
