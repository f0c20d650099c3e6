/**
 * Cairn's conformance harness: stateful, shrinking action chains that check any implementation of
 * the contract against the reference model, the Alloy vector replay, the targets (the model,
 * Cairn's FFM implementation, third-party allocators) and the conformance command.
 */
module dev.cairn.verification {
    requires dev.cairn.model;
    requires dev.cairn.impl;
    requires java.management;
    requires io.netty.common;
    requires org.lwjgl;

    exports dev.cairn.verification;
}
