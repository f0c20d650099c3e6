package dev.cairn.verification;

import java.util.Objects;

/**
 * One step of a chain: an operation and its arguments. Blocks are named relative to the state
 * ({@code ref} counts from the top of the stack, or indexes the live blocks, modulo their
 * number), so that a chain stays meaningful when the shrinker removes steps before it.
 *
 * <p>Its text form, one line per action in replay files, is {@code OP type=T count=N
 * byteAlignment=A ref=R}; {@link #parse} reads it back.
 *
 * @param op            the operation
 * @param type          index into {@link HarnessTypes} of the element type
 * @param count         the element count (or byte size, for byte operations); may be out of range
 * @param byteAlignment the requested alignment; may be out of range
 * @param ref           which block, frame or item the operation takes; for {@link Op#PUSH_BOUND}
 *                      the maximum alignment bound around the push; for {@link Op#COUNTED} 0 for
 *                      atomic and 1 for confined counting
 */
public record Action(Op op, int type, long count, long byteAlignment, long ref) {

    /** Checks the components. */
    public Action {
        Objects.requireNonNull(op, "op");
        if (type < 0 || type >= HarnessTypes.COUNT) {
            throw new IllegalArgumentException("type=" + type + " is not in [0, " + HarnessTypes.COUNT + ")");
        }
    }

    /**
     * {@return the action without its arguments: {@code op} with type 0, count 1, alignment 1, ref 0}
     *
     * @param op the operation
     */
    public static Action of(Op op) {
        return new Action(op, 0, 1, 1, 0);
    }

    /**
     * Reads an action from its text form.
     *
     * @param line {@code OP type=T count=N byteAlignment=A ref=R}; missing fields take the
     *             defaults of {@link #of(Op)}
     * @return the action
     * @throws IllegalArgumentException if the line is not in that form
     */
    public static Action parse(String line) {
        String[] words = line.trim().split("\\s+");
        Op op = Op.valueOf(words[0]);
        int type = 0;
        long count = 1;
        long byteAlignment = 1;
        long ref = 0;
        for (int i = 1; i < words.length; i++) {
            int equals = words[i].indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("word=" + words[i] + " in line=\"" + line + "\" is not name=value");
            }
            String name = words[i].substring(0, equals);
            long value = Long.parseLong(words[i].substring(equals + 1));
            switch (name) {
                case "type" -> type = Math.toIntExact(value);
                case "count" -> count = value;
                case "byteAlignment" -> byteAlignment = value;
                case "ref" -> ref = value;
                default -> throw new IllegalArgumentException("name=" + name + " in line=\"" + line + "\" is unknown");
            }
        }
        return new Action(op, type, count, byteAlignment, ref);
    }

    /**
     * {@return a copy with another count}
     *
     * @param newCount the count
     */
    public Action withCount(long newCount) {
        return new Action(op, type, newCount, byteAlignment, ref);
    }

    /**
     * {@return a copy with another alignment}
     *
     * @param newByteAlignment the alignment
     */
    public Action withByteAlignment(long newByteAlignment) {
        return new Action(op, type, count, newByteAlignment, ref);
    }

    /**
     * {@return a copy with another ref}
     *
     * @param newRef the ref
     */
    public Action withRef(long newRef) {
        return new Action(op, type, count, byteAlignment, newRef);
    }

    /**
     * {@return a copy with another type}
     *
     * @param newType the type index
     */
    public Action withType(int newType) {
        return new Action(op, newType, count, byteAlignment, ref);
    }

    /**
     * {@return a copy with another operation}
     *
     * @param newOp the operation
     */
    public Action withOp(Op newOp) {
        return new Action(newOp, type, count, byteAlignment, ref);
    }

    @Override
    public String toString() {
        return op + " type=" + type + " count=" + count + " byteAlignment=" + byteAlignment + " ref=" + ref;
    }
}
