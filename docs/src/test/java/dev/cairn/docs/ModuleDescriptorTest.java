package dev.cairn.docs;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library modules export exactly their public packages and depend only on what the
 * architecture allows: spec on java.base; model and impl on spec.
 */
class ModuleDescriptorTest {

    @Test
    void specExportsTheContractAndRequiresNothingElse() {
        ModuleDescriptor spec = descriptor("spec", "dev.cairn.spec");
        assertEquals(Set.of("dev.cairn", "dev.cairn.fault"), exports(spec));
        assertEquals(Set.of("java.base"), requires(spec));
    }

    @Test
    void modelRequiresOnlyTheSpec() {
        ModuleDescriptor model = descriptor("model", "dev.cairn.model");
        assertEquals(Set.of("dev.cairn.model"), exports(model));
        assertEquals(Set.of("java.base", "dev.cairn.spec"), requires(model));
    }

    @Test
    void implExportsOnlyItsFactoriesAndRequiresOnlyTheSpec() {
        ModuleDescriptor impl = descriptor("impl", "dev.cairn.impl");
        assertEquals(Set.of("dev.cairn.impl"), exports(impl), "internal packages stay unexported");
        assertEquals(Set.of("java.base", "dev.cairn.spec"), requires(impl));
        assertTrue(impl.packages().size() >= 1);
    }

    private static ModuleDescriptor descriptor(String folder, String name) {
        Path classes = Path.of("..", folder, "target", "classes");
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")), "built module " + classes);
        ModuleReference reference = ModuleFinder.of(classes).find(name)
                .orElseThrow(() -> new AssertionError("no module " + name + " in " + classes));
        return reference.descriptor();
    }

    private static Set<String> exports(ModuleDescriptor descriptor) {
        return descriptor.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> requires(ModuleDescriptor descriptor) {
        return descriptor.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
