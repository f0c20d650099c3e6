package dev.cairn.verification;

import java.util.ArrayList;
import java.util.List;

/**
 * A chain of actions and the capacity of the pool it runs on: what a campaign generates, the
 * shrinker reduces, and a replay file stores.
 *
 * <p>Text form (replay files): lines starting with {@code #} are comments; a line {@code
 * poolByteCapacity=N}; a line of {@link AllocatorOptions} unless they are the default; then one
 * {@linkplain Action#parse action} per line.
 *
 * @param poolByteCapacity the byte capacity of the stack pool, at least 1
 * @param allocator        how the general allocators are made
 * @param actions          the actions, in order; at most {@link #LENGTH_MAX}
 */
public record Chain(long poolByteCapacity, AllocatorOptions allocator, List<Action> actions) {

    /** The most actions in one chain. */
    public static final int LENGTH_MAX = 1 << 20;

    /** Checks and copies the components. */
    public Chain {
        if (poolByteCapacity < 1) {
            throw new IllegalArgumentException("poolByteCapacity=" + poolByteCapacity + " is below 1");
        }
        java.util.Objects.requireNonNull(allocator, "allocator");
        actions = List.copyOf(actions);
        if (actions.size() > LENGTH_MAX) {
            throw new IllegalArgumentException("length=" + actions.size() + " exceeds lengthMax=" + LENGTH_MAX);
        }
    }

    /**
     * A chain on allocators made the default way ({@link AllocatorOptions#DEFAULT}).
     *
     * @param poolByteCapacity the byte capacity of the stack pool, at least 1
     * @param actions          the actions
     */
    public Chain(long poolByteCapacity, List<Action> actions) {
        this(poolByteCapacity, AllocatorOptions.DEFAULT, actions);
    }

    /**
     * {@return a copy with other actions}
     *
     * @param newActions the actions
     */
    public Chain withActions(List<Action> newActions) {
        return new Chain(poolByteCapacity, allocator, newActions);
    }

    /** {@return the number of actions} */
    public int length() {
        return actions.size();
    }

    /**
     * Reads a chain from its text form.
     *
     * @param text the text of a replay file
     * @return the chain
     * @throws IllegalArgumentException if the text is not in that form
     */
    public static Chain parse(String text) {
        long capacity = -1;
        AllocatorOptions options = AllocatorOptions.DEFAULT;
        List<Action> actions = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("poolByteCapacity=")) {
                capacity = Long.parseLong(line.substring("poolByteCapacity=".length()));
            } else if (AllocatorOptions.isLine(line)) {
                options = AllocatorOptions.parse(line);
            } else {
                actions.add(Action.parse(line));
            }
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("the chain has no line poolByteCapacity=N");
        }
        return new Chain(capacity, options, actions);
    }

    /** {@return the text form, without comments} */
    public String format() {
        StringBuilder text = new StringBuilder("poolByteCapacity=").append(poolByteCapacity).append('\n');
        if (!allocator.equals(AllocatorOptions.DEFAULT)) {
            text.append(allocator).append('\n');
        }
        for (Action action : actions) {
            text.append(action).append('\n');
        }
        return text.toString();
    }

    /**
     * {@return a JUnit 5 test method that replays this chain against {@code targetName} and fails
     * while the violation is there}: paste it into a test class of the verification module.
     *
     * @param methodName the name of the test method
     * @param targetName the name of the target in {@link Targets}
     * @param violation  what the chain shows, for the comment
     */
    public String toJUnit(String methodName, String targetName, Violation violation) {
        StringBuilder test = new StringBuilder();
        test.append("    /** Shrunk by the Cairn harness: ").append(violation.toString().replace("*/", "* /")).append(" */\n");
        test.append("    @org.junit.jupiter.api.Test\n");
        test.append("    void ").append(methodName).append("() {\n");
        test.append("        dev.cairn.verification.Chain chain = dev.cairn.verification.Chain.parse(\"\"\"\n");
        for (String line : format().split("\n")) {
            test.append("                ").append(line).append('\n');
        }
        test.append("                \"\"\");\n");
        test.append("        org.junit.jupiter.api.Assertions.assertNull(dev.cairn.verification.Runner.replay(\n");
        test.append("                dev.cairn.verification.Targets.byName(\"").append(targetName).append("\"), chain).violation());\n");
        test.append("    }\n");
        return test.toString();
    }
}
