package dev.cairn.reliability;

import java.util.SplittableRandom;

/**
 * Where the hostile-input driver's choices come from: a seeded random source for the bounded and
 * long runs, or a fuzzer's input for the coverage-guided target ({@link FuzzTargetTest}).
 */
interface Choices {

    /** {@return an int in [0, bound)} @param bound at least 1 */
    int nextInt(int bound);

    /** {@return any long} */
    long nextLong();

    /** {@return a boolean} */
    boolean nextBoolean();

    /** {@return whether choices are left; a seeded source never runs out} */
    default boolean hasMore() {
        return true;
    }

    /** {@return choices drawn from a random source seeded with {@code seed}} @param seed the seed */
    static Choices seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new Choices() {
            @Override
            public int nextInt(int bound) {
                return random.nextInt(bound);
            }

            @Override
            public long nextLong() {
                return random.nextLong();
            }

            @Override
            public boolean nextBoolean() {
                return random.nextBoolean();
            }
        };
    }
}
