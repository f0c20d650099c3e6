package dev.cairn.fault;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ER-1: every fault names its clause, in its type and in its message. */
class ClauseTest {

    @Test
    void idsRoundTrip() {
        for (Clause clause : Clause.values()) {
            assertTrue(clause.id().matches("[A-Z]{2}-[0-9]+"), clause.id());
            assertEquals(clause, Clause.ofId(clause.id()));
        }
        assertThrows(IllegalArgumentException.class, () -> Clause.ofId("XX-9"));
    }

    @Test
    void faultsCarryTheirClauseAndPrefixTheirMessage() {
        LifoFault fault = new LifoFault(Clause.SP_4, "block offset=16 byteSize=8 is not the top");
        assertEquals(Clause.SP_4, fault.clause());
        assertEquals("[SP-4] block offset=16 byteSize=8 is not the top", fault.getMessage());
        assertInstanceOf(IllegalStateException.class, fault, "ER-1 extends the matching JDK type");
        assertInstanceOf(IllegalArgumentException.class, new ForeignBlockFault(Clause.GA_4, "x"));
        assertInstanceOf(IndexOutOfBoundsException.class, new IndexFault(Clause.VE_1, "x"));
        assertEquals(Optional.of(Clause.SP_4), Clause.of(fault));
    }

    @Test
    void wrongThreadExceptionsNameTheirClauseInTheMessage() throws Exception {
        Thread owner = Thread.ofPlatform().name("owner").unstarted(() -> { });
        WrongThreadException wrong = Fault.wrongThread(Clause.SP_7, "StackPool.push", owner);
        assertTrue(wrong.getMessage().startsWith("[SP-7] StackPool.push called from thread="), wrong.getMessage());
        assertTrue(wrong.getMessage().endsWith("owner=owner"), wrong.getMessage());
        assertEquals(Optional.of(Clause.SP_7), Clause.of(wrong));
    }

    @Test
    void exceptionsThatNameNoClauseHaveNone() {
        assertEquals(Optional.empty(), Clause.of(new IllegalStateException("plain")));
        assertEquals(Optional.empty(), Clause.of(new IllegalStateException()));
        assertEquals(Optional.empty(), Clause.of(new IllegalStateException("[ZZ-1] unknown")));
    }
}
