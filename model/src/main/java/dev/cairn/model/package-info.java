/**
 * The reference model of Cairn's contract: plain Java, every invariant a named check.
 */
package dev.cairn.model;
