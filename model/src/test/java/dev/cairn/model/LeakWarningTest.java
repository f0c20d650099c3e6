package dev.cairn.model;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.cairn.model.Fixtures.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code close()} logs a non-empty leak report as a warning, and nothing when nothing leaked (GA-6, SP-8). */
class LeakWarningTest {

    private final Logger logger = Logger.getLogger("dev.cairn.model");
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord logRecord) {
            records.add(logRecord);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(handler);
    }

    @Test
    void closeWarnsOfLeaksOnlyGa6Sp8() {
        ModelStackPool emptyPool = ModelStackPool.owning(16);
        emptyPool.close();
        ModelGeneralAllocator emptyAllocator = ModelGeneralAllocator.shared();
        emptyAllocator.close();
        assertEquals(List.of(), records);
        ModelStackPool pool = ModelStackPool.owning(16);
        pool.push(LONG, 1);
        pool.close();
        ModelGeneralAllocator allocator = ModelGeneralAllocator.shared();
        allocator.allocate(LONG, 2);
        allocator.close();
        assertEquals(2, records.size());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertEquals("stack pool", records.get(0).getParameters()[0]);
        assertTrue(records.get(1).getParameters()[1].toString().contains("byteSize=16"));
    }
}
