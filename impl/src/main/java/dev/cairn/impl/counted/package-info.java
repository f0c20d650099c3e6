/**
 * Reference counting that owns its item (RC-1..RC-6), built only on the public {@link
 * dev.cairn.GeneralAllocator} interface. Not exported: users reach it through {@link
 * dev.cairn.GeneralAllocator#allocateCounted}.
 *
 * <p>{@link dev.cairn.impl.counted.CountedItems} lays an item and its count out in one fixed block
 * of the allocator, {@code [count | padding | item elements]}, and returns an atomic or a confined
 * handle.
 */
package dev.cairn.impl.counted;
