/**
 * The Cairn contract: what every implementation (the reference model, the FFM implementation,
 * adapters of third-party allocators) implements and what users program against.
 *
 * <ul>
 *   <li>{@code dev.cairn}: types, destructors and freers, {@link dev.cairn.MaxAlign},
 *       {@link dev.cairn.AlignmentContext}, and the allocator interfaces.</li>
 *   <li>{@code dev.cairn.fault}: the clause ids of {@code docs/spec.md} and the fault types that
 *       name them (ER-1).</li>
 * </ul>
 *
 * <p>The module has no dependency beyond {@code java.base}. Its tests model-check the Alloy
 * specification kept beside the Java sources.
 */
module dev.cairn.spec {
    exports dev.cairn;
    exports dev.cairn.fault;
}
