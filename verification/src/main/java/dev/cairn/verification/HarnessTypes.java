package dev.cairn.verification;

import dev.cairn.MaxAlign;
import dev.cairn.Type;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The element types of the harness, one set per side of a run, with destructors that record
 * which element they saw into that side's {@link EventLog}.
 *
 * <pre>
 *   index  name    byteSize  byteAlignment  destructor
 *   0      byte    1         1              none
 *   1      long    8         8              records the tag in the element
 *   2      pair16  16        16             records the tag in the element
 *   3      int3    12        4              none
 *   4      throwing 8        8              records the tag, then throws {@link DestructorFailure} (DS-4)
 *   5      maxAlign 64       16             records the tag in the element ({@link MaxAlign#LAYOUT}, MA-1;
 *                                           size and alignment are x86-64/aarch64 Linux's, MA-2)
 * </pre>
 *
 * Elements of the recording types carry a tag (block id and element index) written by the
 * harness after allocation; a destructor records the tag it reads, so the log shows which
 * elements were destroyed, in which order, and that their memory was intact (DS-1, DS-2).
 */
public final class HarnessTypes {

    /** The number of types. */
    public static final int COUNT = 6;

    /** The number of types a growable block or a vector may have: all but the throwing one. */
    public static final int RESIZABLE_COUNT = 4;

    /** The index of the byte type. */
    public static final int BYTE = 0;

    /** The index of the type whose destructor throws. */
    public static final int THROWING = 4;

    /** The index of the type of C's {@code max_align_t} ({@link MaxAlign#LAYOUT}). */
    public static final int MAX_ALIGN = 5;

    private static final long[] BYTE_SIZES = {1, 8, 16, 12, 8, MaxAlign.LAYOUT.byteSize()};

    private final Type[] types;

    /**
     * Makes the types of one side.
     *
     * @param log where the destructors record
     */
    public HarnessTypes(EventLog log) {
        MemoryLayout pair = MemoryLayout.structLayout(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG).withByteAlignment(16);
        MemoryLayout int3 = MemoryLayout.structLayout(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
        types = new Type[] {
            Type.BYTE,
            Type.of("long", ValueLayout.JAVA_LONG).withDestructor(element -> log.record(readTag(element))),
            Type.of("pair16", pair).withDestructor(element -> log.record(readTag(element))),
            Type.of("int3", int3),
            Type.of("throwing", ValueLayout.JAVA_LONG).withDestructor(element -> {
                long tag = readTag(element);
                log.record(tag);
                throw new DestructorFailure(tag);
            }),
            Type.of("maxAlign", MaxAlign.LAYOUT).withDestructor(element -> log.record(readTag(element))),
        };
    }

    /**
     * {@return the type at {@code index}}
     *
     * @param index in [0, COUNT)
     */
    public Type get(int index) {
        return types[index];
    }

    /**
     * {@return the element byte size of the type at {@code index}}
     *
     * @param index in [0, COUNT)
     */
    public static long byteSize(int index) {
        return BYTE_SIZES[index];
    }

    /**
     * {@return whether elements of the type at {@code index} carry tags}
     *
     * @param index in [0, COUNT)
     */
    public static boolean isTagged(int index) {
        return index == 1 || index == 2 || index == 4 || index == MAX_ALIGN;
    }

    /** {@return the tag of element {@code index} of block {@code blockId}} */
    static long tag(long blockId, long index) {
        return (blockId << 24) | index;
    }

    /**
     * Writes the tags of elements {@code [fromIndex, toIndex)} of a block of a tagged type.
     *
     * @param block    the block
     * @param byteSize the element byte size
     * @param blockId  the block's id
     */
    static void writeTags(MemorySegment block, long byteSize, long blockId, long fromIndex, long toIndex) {
        for (long index = fromIndex; index < toIndex; index++) {
            block.set(ValueLayout.JAVA_LONG, index * byteSize, tag(blockId, index));
        }
    }

    /**
     * {@return the index of the first element in {@code [0, toIndex)} whose tag is wrong, or -1}
     */
    static long firstWrongTag(MemorySegment block, long byteSize, long blockId, long toIndex) {
        for (long index = 0; index < toIndex; index++) {
            if (block.get(ValueLayout.JAVA_LONG, index * byteSize) != tag(blockId, index)) {
                return index;
            }
        }
        return -1;
    }

    private static long readTag(MemorySegment element) {
        return element.get(ValueLayout.JAVA_LONG, 0);
    }

    @Override
    public String toString() {
        return Arrays.toString(types);
    }
}
