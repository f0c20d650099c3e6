/**
 * Cairn's FFM implementation of the contract in {@code dev.cairn.spec}: the allocators users ship.
 *
 * <p>{@code dev.cairn.impl} holds the public entry points (factories); everything under it in
 * sub-packages is internal and not exported.
 */
module dev.cairn.impl {
    requires transitive dev.cairn.spec;

    exports dev.cairn.impl;
}
