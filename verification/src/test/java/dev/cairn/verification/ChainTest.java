package dev.cairn.verification;

import dev.cairn.fault.Clause;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replay files and the engine's reproducibility. */
class ChainTest {

    private static final Chain CHAIN = new Chain(256, List.of(
            new Action(Op.PUSH, 1, 3, 16, 0),
            new Action(Op.MARK, 0, 1, 1, 0),
            new Action(Op.PUSH_BOUND, 2, 2, 64, 128),
            new Action(Op.POP_NOT_TOP, 0, 1, 1, 5),
            new Action(Op.ALLOCATE_GROWABLE, 1, 9, 8, 0),
            new Action(Op.RESIZE, 0, 40, 1, 0),
            new Action(Op.COUNTED, 2, 1, 1, 1),
            new Action(Op.RELEASE, 0, 1, 1, 0),
            new Action(Op.RETAIN_DEAD, 0, 1, 1, 0)));

    @Test
    void aChainReadsBackFromItsTextForm() {
        assertEquals(CHAIN, Chain.parse("# a comment\n" + CHAIN.format()));
    }

    @Test
    void malformedTextIsRejectedWithTheOffendingValue() {
        IllegalArgumentException noCapacity = assertThrows(IllegalArgumentException.class, () -> Chain.parse("PUSH type=1"));
        assertTrue(noCapacity.getMessage().contains("poolByteCapacity"), noCapacity.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Action.parse("PUSH size=3"));
        assertTrue(unknown.getMessage().contains("name=size"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Action.parse("PUSH type=9"));
        assertThrows(IllegalArgumentException.class, () -> Action.parse("JUMP"));
    }

    @Test
    void aHandWrittenChainPassesOnTheModelAndTheSameSeedGivesTheSameCampaign() {
        assertNull(Runner.replay(Targets.model(), CHAIN).violation());
        Campaign.Settings settings = new Campaign.Settings(42, 20, 64, 1);
        Campaign.Result first = Campaign.run(Targets.model(), Targets.model(), settings, done -> { });
        Campaign.Result second = Campaign.run(Targets.model(), Targets.model(), settings, done -> { });
        assertEquals(first.actions(), second.actions());
        assertEquals(first.coverage().faults(), second.coverage().faults());
    }

    /** A chain that violates SP-6 on the JDK's slicing allocator, which has no frames. */
    static final String SLICING_HAS_NO_FRAMES = "poolByteCapacity=64\nMARK type=0 count=1 byteAlignment=1 ref=0\n";

    /**
     * The printed test compiles as it is, and fails while the violation is there: here on the
     * slicing allocator's SP-6 violation (it has no frames), and it passes on the model.
     */
    @Test
    void thePrintedJUnitTestCompilesAndFailsWhileTheViolationIsThere(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws Exception {
        Chain chain = Chain.parse(SLICING_HAS_NO_FRAMES);
        Violation violation = Runner.replay(Targets.byName("jdk-slicing"), chain).violation();
        assertNotNull(violation, "jdk-slicing has no frames: a MARK violates SP-6");
        String source = "package dev.cairn.verification;\nclass PastedTest {\n"
                + chain.toJUnit("onImpl", "jdk-slicing", violation) + chain.toJUnit("onModel", "model", violation) + "}\n";
        java.nio.file.Path file = directory.resolve("dev/cairn/verification/PastedTest.java");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, source);
        int status = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", directory.toString(), "-cp", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, status, source);
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {directory.toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> pasted = loader.loadClass("dev.cairn.verification.PastedTest");
            java.lang.reflect.Constructor<?> constructor = pasted.getDeclaredConstructor();
            constructor.setAccessible(true);
            Object instance = constructor.newInstance();
            java.lang.reflect.Method onImpl = pasted.getDeclaredMethod("onImpl");
            onImpl.setAccessible(true);
            java.lang.reflect.InvocationTargetException failed = assertThrows(java.lang.reflect.InvocationTargetException.class,
                    () -> onImpl.invoke(instance));
            assertTrue(failed.getCause() instanceof AssertionError, String.valueOf(failed.getCause()));
            java.lang.reflect.Method onModel = pasted.getDeclaredMethod("onModel");
            onModel.setAccessible(true);
            onModel.invoke(instance);
        }
    }

    @Test
    void thePastedJUnitTestReplaysTheShrunkChain() {
        InjectedBugs.Bug bug = InjectedBugs.all().getFirst();
        Runner.Result failing = Runner.replay(bug.target(), new Chain(64, List.of(
                new Action(Op.PUSH, 0, 1, 1, 0), new Action(Op.PUSH, 0, 1, 1, 0), new Action(Op.POP_NOT_TOP, 0, 1, 1, 0))));
        assertNotNull(failing.violation());
        assertEquals(Clause.SP_4, failing.violation().clause());
        String test = failing.chain().toJUnit("sp4", "impl", failing.violation());
        assertTrue(test.contains("POP_NOT_TOP type=0 count=1 byteAlignment=1 ref=0"), test);
        assertTrue(test.contains("Targets.byName(\"impl\")"), test);
        assertTrue(test.contains("@org.junit.jupiter.api.Test"), test);
    }
}
