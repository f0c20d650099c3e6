package dev.cairn.impl.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Var handles on a class's own fields, for the few fields that are read with different memory
 * orderings by different callers (plainly by an owner thread, with acquire by any other).
 */
public final class FieldHandles {

    private FieldHandles() {
    }

    /**
     * {@return a var handle on the field {@code name} of the lookup's class}
     *
     * @param lookup the class's own lookup ({@code MethodHandles.lookup()}), which may see its private fields
     * @param name   the field's name
     * @param type   the field's type
     * @throws ExceptionInInitializerError if there is no such field: a programming error, found
     *                                     when the class initialises
     */
    public static VarHandle field(MethodHandles.Lookup lookup, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(lookup.lookupClass(), name, type);
        } catch (ReflectiveOperationException noSuchField) {
            throw new ExceptionInInitializerError(noSuchField);
        }
    }
}
