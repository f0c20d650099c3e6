/**
 * Cairn's reference model: a plain, obviously correct implementation of the contract in
 * {@code dev.cairn.spec}, slow on purpose. It is the oracle of the conformance harness and a mock
 * for users' tests.
 */
module dev.cairn.model {
    requires transitive dev.cairn.spec;

    exports dev.cairn.model;
}
