package dev.cairn.reliability;

/**
 * Hostile values for counts, alignments, bounds and indexes, drawn from the driver's choices:
 * mostly the edges (zero, negative, the extremes of {@code long}, products that overflow, powers
 * of two above the ceiling, values one off a power of two), and some valid values, so that the
 * calls reach every state the valid ones lead to.
 */
final class HostileArguments {

    private static final long[] COUNTS = {0, -1, -2, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE,
        Integer.MAX_VALUE + 1L, 1L << 31, 1L << 32, 1L << 40, 1L << 61, 1L << 62, (1L << 62) + 1, (1L << 62) / 3 + 1,
        (1L << 62) / 24 + 1, (1L << 62) / 32 + 1, Long.MAX_VALUE / 8 + 1, -(1L << 62)};

    private static final long[] ALIGNMENTS = {0, -1, -16, 3, 6, 12, 24, 48, 100, Long.MIN_VALUE, Long.MAX_VALUE,
        1L << 62, 1L << 63, 8192, 1L << 20, 4096, 64, 32};

    private static final long[] BOUNDS = {0, -1, 3, 12, 8192, 1L << 40, Long.MIN_VALUE, Long.MAX_VALUE, 1, 2, 8, 16,
        64, 4096};

    private final Choices random;

    /** @param random where every value comes from */
    HostileArguments(Choices random) {
        this.random = random;
    }

    /**
     * {@return a count: an edge value or any long half the time, else a valid one in [1, 600]}. A
     * long in [1, 2^32] is folded into [1, 600]: a valid count that large would make blocks of up
     * to the memory cap, where the model's limit (live bytes) and the implementation's (regions)
     * differ, and would run a destructor millions of times.
     */
    long count() {
        if (random.nextBoolean()) {
            if (random.nextInt(8) != 0) {
                return COUNTS[random.nextInt(COUNTS.length)];
            }
            long raw = random.nextLong();
            return raw >= 1 && raw <= 1L << 32 ? 1 + Math.floorMod(raw, 600) : raw;
        }
        return 1 + random.nextInt(600);
    }

    /** {@return a count for a pool: like {@link #count()}, or one in [1, 70000] that may not fit (SP-3)} */
    long poolCount() {
        return random.nextInt(4) == 0 ? 1 + random.nextInt(70_000) : count();
    }

    /** {@return a requested alignment: an invalid or too large one half the time, else a power of two up to 16} */
    long alignment() {
        return random.nextBoolean() ? ALIGNMENTS[random.nextInt(ALIGNMENTS.length)] : 1L << random.nextInt(5);
    }

    /** {@return a maximum to bind in the alignment context: out of range (AC-3) or a power of two} */
    long bound() {
        return BOUNDS[random.nextInt(BOUNDS.length)];
    }

    /**
     * {@return an index for a vector of {@code size} elements: in range, at the size, or far off}
     * @param size the vector's size
     */
    long index(long size) {
        return switch (random.nextInt(5)) {
            case 0 -> -1;
            case 1 -> size;
            case 2 -> Long.MAX_VALUE;
            case 3 -> Long.MIN_VALUE;
            default -> size == 0 ? 0 : Math.floorMod(random.nextLong(), size);
        };
    }

    /** {@return a random boolean} */
    boolean nextBoolean() {
        return random.nextBoolean();
    }

    /** {@return a random int in [0, bound)} @param bound the bound */
    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
