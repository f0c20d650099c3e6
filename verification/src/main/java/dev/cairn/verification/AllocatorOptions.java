package dev.cairn.verification;

/**
 * How the general allocators of a chain are made: shared or confined to the thread that runs the
 * chain (GA-5), and a cap on the memory the target's allocator may hold (GA-7). A chain's text
 * form carries them on a line {@code allocator=shared|confined memoryByteSizeMax=N} when they are
 * not the {@link #DEFAULT}.
 *
 * <p>The cap applies to the target only; the reference model's allocator has none. Where memory
 * runs out is implementation-defined (the model counts live bytes, Cairn's implementation counts
 * 1 MiB chunks and page-rounded large blocks), so the runner compares GA-7 thus: when the target
 * rejects an action with an {@code AllocationFault} (GA-7), it must have changed nothing (the
 * check every rejected call gets), and the reference does not take that action (its state stays
 * as it was, which is what GA-7's "no change" asks of both).
 *
 * @param confined          whether the allocators are confined (GA-5)
 * @param memoryByteSizeMax the cap on the target's memory, at least 1; {@link Long#MAX_VALUE}: none
 */
public record AllocatorOptions(boolean confined, long memoryByteSizeMax) {

    /** Shared, no cap: what chains without an {@code allocator=} line use. */
    public static final AllocatorOptions DEFAULT = new AllocatorOptions(false, Long.MAX_VALUE);

    private static final String PREFIX = "allocator=";

    /** Checks the cap. */
    public AllocatorOptions {
        if (memoryByteSizeMax < 1) {
            throw new IllegalArgumentException("memoryByteSizeMax=" + memoryByteSizeMax + " is below 1");
        }
    }

    /** {@return whether the target's memory is capped} */
    public boolean capped() {
        return memoryByteSizeMax != Long.MAX_VALUE;
    }

    /** {@return these options without the cap: the reference's} */
    public AllocatorOptions uncapped() {
        return new AllocatorOptions(confined, Long.MAX_VALUE);
    }

    /**
     * {@return whether {@code line} is an options line}
     *
     * @param line a stripped line of a chain's text
     */
    static boolean isLine(String line) {
        return line.startsWith(PREFIX);
    }

    /**
     * Reads an options line.
     *
     * @param line {@code allocator=shared|confined memoryByteSizeMax=N}
     * @return the options
     * @throws IllegalArgumentException if the line is not in that form
     */
    static AllocatorOptions parse(String line) {
        String[] words = line.split("\\s+");
        if (words.length != 2 || !words[1].startsWith("memoryByteSizeMax=")) {
            throw new IllegalArgumentException("line=\"" + line + "\" is not allocator=shared|confined memoryByteSizeMax=N");
        }
        String kind = words[0].substring(PREFIX.length());
        if (!kind.equals("shared") && !kind.equals("confined")) {
            throw new IllegalArgumentException("allocator=" + kind + " is neither shared nor confined");
        }
        return new AllocatorOptions(kind.equals("confined"), Long.parseLong(words[1].substring("memoryByteSizeMax=".length())));
    }

    @Override
    public String toString() {
        return PREFIX + (confined ? "confined" : "shared") + " memoryByteSizeMax=" + memoryByteSizeMax;
    }
}
