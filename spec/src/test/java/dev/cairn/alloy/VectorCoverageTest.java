package dev.cairn.alloy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the contract succeeds, and every fault kind the model produces is thrown,
 * in at least one committed vector, read from the class path as consumers read them.
 */
class VectorCoverageTest {

    static final List<String> OPERATIONS = List.of("push", "pop", "mark", "closeFrame", "close", "allocate",
            "allocateGrowable", "resize", "free", "allocateCounted", "retain", "release", "item", "bind", "unbind");

    static final List<String> FAULTS = List.of("ArgumentFault TY-2", "ArgumentFault AC-4", "ArgumentFault AC-3",
            "AlignmentFault AC-4", "PoolExhaustedFault SP-3", "LifoFault SP-4", "LifoFault SP-6",
            "ClosedFault SP-8", "ClosedFault GA-6", "FixedSizeFault GA-3", "ForeignBlockFault GA-4",
            "RefCountFault RC-2", "RefCountFault RC-3", "RefCountFault RC-5");

    private static final Pattern STEP = Pattern.compile(
            "\"op\": \"(\\w+)\".*\"expect\": \\{ (?:\"ok\": true|\"fault\": \"(\\w+)\", \"clause\": \"([A-Z]{2}-\\d+)\")");

    @Test
    void everyOperationAndEveryFaultAppearsInAVector() throws IOException {
        Map<String, Integer> okByOperation = new TreeMap<>();
        Map<String, Integer> byFault = new TreeMap<>();
        String[] names = resource("index.txt").split("\n");
        for (String name : names) {
            String text = resource(name);
            assertTrue(text.contains("\"format\": 1,"), () -> "vector=" + name + " is not format 1");
            for (String line : text.split("\n")) {
                Matcher step = STEP.matcher(line);
                if (step.find()) {
                    if (step.group(2) == null) {
                        okByOperation.merge(step.group(1), 1, Integer::sum);
                    } else {
                        byFault.merge(step.group(2) + " " + step.group(3), 1, Integer::sum);
                    }
                }
            }
        }
        System.out.println("[vectors] files=" + names.length + " ok steps by operation " + okByOperation);
        System.out.println("[vectors] fault steps by fault " + byFault);
        for (String operation : OPERATIONS) {
            assertTrue(okByOperation.containsKey(operation), () -> "no vector has a successful " + operation);
        }
        for (String fault : FAULTS) {
            assertTrue(byFault.containsKey(fault), () -> "no vector has the fault " + fault);
        }
        assertEquals(FAULTS.size(), byFault.size(), () -> "vectors have faults not in the list: " + byFault.keySet());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(VectorGenerator.RESOURCE_PREFIX + name)) {
            assertNotNull(in, () -> "vector resource=" + name + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
