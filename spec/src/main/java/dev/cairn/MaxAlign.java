package dev.cairn;

import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cairn's own {@code max_align_t}, as musl defines it: a C struct of a {@code long long}, a
 * {@code long double}, an {@code intmax_t}, a data pointer and a function pointer, in that order,
 * padded as C pads (MA-1). Its byte alignment is C's {@code _Alignof(max_align_t)} on the
 * platform (MA-2) and the default of {@link AlignmentContext#current()} (AC-1).
 *
 * <p>{@link Linker#canonicalLayouts()} gives every member but {@code long double}, whose size and
 * alignment this class knows per platform:
 *
 * <pre>
 *   platform              long double   max_align_t   layout (offsets)
 *   linux   x86-64        16, align 16  align 16      ll@0 pad8 ld@16 imax@32 ptr@40 fn@48 pad8 = 64
 *   linux   aarch64       16, align 16  align 16      same as x86-64
 *   linux   riscv64       16, align 16  align 16      same as x86-64
 *   macos   x86-64        16, align 16  align 16      same as x86-64
 *   macos   aarch64        8, align 8   align 8       ll@0 ld@8 imax@16 ptr@24 fn@32 = 40
 *   windows x86-64         8, align 8   align 8       same as macos aarch64
 * </pre>
 *
 * On any other platform, class initialisation fails with a message that names the platform
 * (MA-3): a wrong guess would silently break every alignment guarantee.
 */
public final class MaxAlign {

    /** The layout of {@code long double} on this platform (16 bytes aligned 16 on Linux x86-64). */
    public static final MemoryLayout LONG_DOUBLE;

    /** The layout of the struct, its members named as in the design note. */
    public static final StructLayout LAYOUT;

    /** The byte alignment of {@link #LAYOUT}: C's {@code _Alignof(max_align_t)}. */
    public static final long BYTE_ALIGNMENT;

    static {
        String osName = System.getProperty("os.name");
        String osArch = System.getProperty("os.arch");
        LONG_DOUBLE = longDoubleLayout(osName, osArch);
        LAYOUT = structLayout(LONG_DOUBLE, Linker.nativeLinker().canonicalLayouts());
        BYTE_ALIGNMENT = LAYOUT.byteAlignment();
    }

    private MaxAlign() {
    }

    /**
     * The layout of {@code long double} on a platform, by the table in the class comment.
     *
     * @throws UnsupportedOperationException (MA-3) naming the platform, if the table does not
     *                                       know it
     */
    static MemoryLayout longDoubleLayout(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x86_64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean aarch64 = arch.equals("aarch64") || arch.equals("arm64");
        MemoryLayout extended = MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withByteAlignment(16);
        MemoryLayout asDouble = ValueLayout.JAVA_DOUBLE;
        MemoryLayout layout = null;
        if (os.startsWith("linux") && (x86_64 || aarch64 || arch.equals("riscv64"))) {
            layout = extended;
        } else if (os.startsWith("mac") && x86_64) {
            layout = extended;
        } else if (os.startsWith("mac") && aarch64) {
            layout = asDouble;
        } else if (os.startsWith("windows") && x86_64) {
            layout = asDouble;
        }
        if (layout == null) {
            throw new UnsupportedOperationException("[MA-3] MaxAlign does not know the size and alignment of"
                    + " long double on os.name=" + osName + " os.arch=" + osArch
                    + "; add the platform to MaxAlign's table rather than guess");
        }
        return layout.withName("long_double");
    }

    /**
     * Lays out the struct as C does: each member at the next multiple of its alignment, the whole
     * padded to a multiple of the largest alignment.
     */
    static StructLayout structLayout(MemoryLayout longDouble, Map<String, MemoryLayout> canonical) {
        MemoryLayout[] members = {
            canonical.get("long long").withName("long_long"),
            longDouble.withName("long_double"),
            canonical.get("long long").withName("intmax_t"),
            canonical.get("void*").withName("data_pointer"),
            canonical.get("void*").withName("function_pointer"),
        };
        List<MemoryLayout> padded = new ArrayList<>();
        long offset = 0;
        long alignment = 1;
        for (MemoryLayout member : members) {
            long aligned = alignUp(offset, member.byteAlignment());
            if (aligned > offset) {
                padded.add(MemoryLayout.paddingLayout(aligned - offset));
            }
            padded.add(member);
            offset = aligned + member.byteSize();
            alignment = Math.max(alignment, member.byteAlignment());
        }
        long size = alignUp(offset, alignment);
        if (size > offset) {
            padded.add(MemoryLayout.paddingLayout(size - offset));
        }
        return MemoryLayout.structLayout(padded.toArray(MemoryLayout[]::new)).withName("max_align_t");
    }

    private static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
