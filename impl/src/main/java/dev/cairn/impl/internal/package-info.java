/**
 * Code shared by Cairn's FFM allocators (offset arithmetic). Not exported.
 */
package dev.cairn.impl.internal;
