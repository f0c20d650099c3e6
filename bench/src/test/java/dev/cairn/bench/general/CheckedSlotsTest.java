package dev.cairn.bench.general;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The reference point {@link CheckedSlots} is a floor only if it really checks what a conforming
 * free must: a double free, a slice, a foreign and a heap segment are refused, and a refused free
 * changes nothing (the next allocation gets the slot the refused call did not push).
 */
class CheckedSlotsTest {

    @Test
    void freesOnlyLiveBlocksOfItsOwnAndRefusesTheRestWithNoChange() {
        try (Arena arena = Arena.ofConfined()) {
            CheckedSlots slots = new CheckedSlots(arena.allocate(4 * 64, 64), 64);
            MemorySegment block = slots.allocate(48);
            MemorySegment other = slots.allocate(48);
            assertEquals(64, Math.abs(other.address() - block.address()));
            assertThrows(IllegalArgumentException.class, () -> slots.free(block.asSlice(0, 16)));
            assertThrows(IllegalArgumentException.class, () -> slots.free(block.asSlice(8, 16)));
            assertThrows(IllegalArgumentException.class, () -> slots.free(arena.allocate(48)));
            assertThrows(IllegalArgumentException.class, () -> slots.free(MemorySegment.ofArray(new byte[48])));
            slots.free(block);
            assertThrows(IllegalArgumentException.class, () -> slots.free(block));
            assertEquals(block.address(), slots.allocate(48).address(), "the freed slot, pushed once, comes back first");
            slots.allocate(48);
            slots.allocate(48);
            assertThrows(IllegalStateException.class, () -> slots.allocate(48), "four slots, all live");
        }
    }

    @Test
    void refusesOtherThreads() throws InterruptedException {
        try (Arena arena = Arena.ofShared()) {
            CheckedSlots slots = new CheckedSlots(arena.allocate(4 * 64, 64), 64);
            MemorySegment block = slots.allocate(64);
            Throwable[] thrown = new Throwable[1];
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    slots.free(block);
                } catch (Throwable failure) {
                    thrown[0] = failure;
                }
            });
            other.join();
            assertEquals(WrongThreadException.class, thrown[0] == null ? null : thrown[0].getClass());
            slots.free(block);
        }
    }
}
