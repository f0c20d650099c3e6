/**
 * The public entry points of Cairn's FFM implementation: factories of stack pools and general
 * allocators. Implementation classes live in internal sub-packages that are not exported.
 */
package dev.cairn.impl;
