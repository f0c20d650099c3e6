package dev.cairn.docs;

import dev.cairn.fault.Clause;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/spec.md states every clause of the contract, once, in order, and only those: its clause
 * headings and the {@link Clause} enum (which the faults carry) are the same list.
 */
class SpecDocumentTest {

    private static final Path SPEC = Path.of("spec.md");
    private static final Pattern CHECKED_AT =
            Pattern.compile("(?m)^- (Alloy|Model|Impl tests|Spec tests|Spec|Harness|Harness and reliability tests)[,:]");
    private static final Pattern HEADING = Pattern.compile("(?m)^### ([A-Z]{2}-[0-9]+): (.+)$");

    @Test
    void everyClauseHasExactlyOneSectionInOrder() throws IOException {
        List<String> headings = new ArrayList<>();
        Matcher matcher = HEADING.matcher(Files.readString(SPEC));
        while (matcher.find()) {
            headings.add(matcher.group(1));
        }
        List<String> clauses = Arrays.stream(Clause.values()).map(Clause::id).toList();
        assertEquals(clauses, headings, "the ### headings of docs/spec.md and the Clause enum must agree");
    }

    @Test
    void everyClauseSectionSaysWhereItIsChecked() throws IOException {
        String text = Files.readString(SPEC);
        String[] sections = text.split("(?m)^### ");
        for (String section : sections) {
            if (!section.matches("(?s)^[A-Z]{2}-[0-9]+:.*")) {
                continue;
            }
            String id = section.substring(0, section.indexOf(':'));
            boolean checked = CHECKED_AT.matcher(section).find();
            assertTrue(checked, id + " names no place where it is checked");
        }
    }
}
