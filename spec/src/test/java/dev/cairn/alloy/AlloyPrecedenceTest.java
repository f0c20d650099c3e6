package dev.cairn.alloy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lint for the one precedence trap the spec mutation sweep found in the model: Alloy binds
 * {@code implies} tighter than {@code or}, so {@code a or b implies c} means {@code a or (b
 * implies c)}, which holds whenever {@code a} does. No line of the model may have an {@code or}
 * (or {@code ||}) and, later at the same parenthesis depth, an {@code implies} (or {@code =>});
 * the disjunction must be parenthesised. The model writes one constraint per line.
 */
class AlloyPrecedenceTest {

    private static final List<String> MODEL_FILES =
            List.of("common.als", "context.als", "stackpool.als", "general.als", "counting.als");

    private static final Pattern TOKEN = Pattern.compile("\\(|\\)|\\bor\\b|\\|\\||\\bimplies\\b|=>");

    @Test
    void noLineOfTheModelLetsAnImpliesBindTighterThanAPrecedingOr() {
        List<String> trapped = new ArrayList<>();
        for (String fileName : MODEL_FILES) {
            String[] lines = AlloySpec.read(fileName).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (impliesAfterOrAtSameDepth(lines[i])) {
                    trapped.add(fileName + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }
        assertEquals(List.of(), trapped, "parenthesise the disjunction before implies");
    }

    @Test
    void theLintFlagsTheTrapAndPassesItsRepair() {
        assertTrue(impliesAfterOrAtSameDepth(
                "  always (Ev.fault = RefCountFault_RC_3 or Ev.fault = RefCountFault_RC_5 implies CEv.h in RC.gone)"));
        assertFalse(impliesAfterOrAtSameDepth(
                "  always ((Ev.fault = RefCountFault_RC_3 or Ev.fault = RefCountFault_RC_5) implies CEv.h in RC.gone)"));
        assertFalse(impliesAfterOrAtSameDepth("  (k < 1 implies ArgumentFault_TY_2 else none) -- a or b implies c"));
        assertTrue(impliesAfterOrAtSameDepth("  a || b => c"));
    }

    /** {@return whether {@code line}, comments removed, has an or and then an implies at one depth} */
    static boolean impliesAfterOrAtSameDepth(String line) {
        String code = line.split("--", 2)[0].split("//", 2)[0];
        Deque<Boolean> orSeen = new ArrayDeque<>();
        orSeen.push(false);
        Matcher token = TOKEN.matcher(code);
        while (token.find()) {
            switch (token.group()) {
                case "(" -> orSeen.push(false);
                case ")" -> {
                    if (orSeen.size() > 1) {
                        orSeen.pop();
                    }
                }
                case "or", "||" -> {
                    orSeen.pop();
                    orSeen.push(true);
                }
                default -> {
                    if (orSeen.peek()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
