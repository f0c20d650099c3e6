package dev.cairn.impl.counted;

import dev.cairn.GeneralAllocator;
import dev.cairn.RefCounted;
import dev.cairn.Type;
import dev.cairn.impl.GeneralAllocators;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZI_Result;

import java.lang.foreign.ValueLayout;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * jcstress: the release-to-zero race on Cairn's atomic counted item, on the FFM general
 * allocator. Two holders of an item at count 2 release at once: exactly one release returns
 * {@code true} and the destructor runs exactly once (RC-3, RC-6). Run by {@code -Pjcstress}.
 *
 * <p>With {@code -Dcairn.counted.handle=racy} in the forked JVMs (the profile's {@code
 * cairn.jcstress.handle}), the item has the deliberately broken {@link RacyCountedItem}, and the
 * test must FAIL: that shows the check catches a non-atomic add.
 */
@JCStressTest
@Outcome(id = {"true, false, 1", "false, true, 1"}, expect = ACCEPTABLE, desc = "exactly one release destroys, once")
@Outcome(expect = FORBIDDEN, desc = "no destroyer, two destroyers, or a destructor that ran other than once")
@State
public class ReleaseToZeroStress {

    /** One allocator for every state: the items are freed by the release that destroys them. */
    static final GeneralAllocator ALLOCATOR = GeneralAllocators.shared();

    /** The handle under test: {@code atomic} (the real one) or {@code racy} (deliberately broken). */
    static final CountedItems.HandleMaker MAKER = switch (System.getProperty("cairn.counted.handle", "atomic")) {
        case "atomic" -> AtomicCountedItem::new;
        case "racy" -> RacyCountedItem::new;
        default -> throw new IllegalArgumentException("cairn.counted.handle="
                + System.getProperty("cairn.counted.handle") + " is neither atomic nor racy");
    };

    private final RefCounted item;
    private int destructions;

    /** An item at count 2: one reference per actor. */
    public ReleaseToZeroStress() {
        Type raced = Type.of("raced", ValueLayout.JAVA_INT).withDestructor(element -> destructions++);
        item = CountedItems.allocateChecked(ALLOCATOR, raced, 1, 1, MAKER);
        item.retain();
    }

    /** The first holder drops its reference. @param result r1: whether it destroyed the item */
    @Actor
    public void first(ZZI_Result result) {
        result.r1 = item.release();
    }

    /** The second holder drops its reference. @param result r2: whether it destroyed the item */
    @Actor
    public void second(ZZI_Result result) {
        result.r2 = item.release();
    }

    /** After both: how often the destructor ran. @param result r3: the destructor runs */
    @Arbiter
    public void destroyedOnce(ZZI_Result result) {
        result.r3 = destructions;
    }
}
