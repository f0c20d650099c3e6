package dev.cairn.impl;

import dev.cairn.CountMode;
import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public entry point of reference counting gives the same items as {@code allocateCounted} (RC-1). */
class RefCountingTest {

    @ParameterizedTest
    @EnumSource(CountMode.class)
    void allocatesACountedItemInOneBlockOfTheGivenAllocator(CountMode mode) {
        try (GeneralAllocator allocator = GeneralAllocators.shared()) {
            RefCounted item = RefCounting.allocate(allocator, Type.BYTE, 100, 16, mode);
            assertEquals(1, item.count());
            assertEquals(mode, item.mode());
            assertEquals(100, item.item().byteSize());
            assertEquals(0, item.item().address() % 16);
            assertEquals(1, allocator.liveBlockCount());
            assertTrue(item.release());
            assertFalse(item.isLive());
            assertEquals(0, allocator.liveBlockCount());
            assertThrows(NullPointerException.class, () -> RefCounting.allocate(null, Type.BYTE, 1, 1, mode));
            assertThrows(NullPointerException.class, () -> RefCounting.allocate(allocator, null, 1, 1, mode));
        }
    }
}
