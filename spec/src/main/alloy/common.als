module common

/*
 * Cairn's formal specification: the vocabulary every component module shares.
 *
 * Units: one unit of size, offset or alignment is 8 bytes (docs/vectors.md). Alignments are
 * powers of two of units; MaxAlign.BYTE_ALIGNMENT (16 bytes on x86-64 and aarch64 Linux) is
 * 2 units.
 *
 * Every transition is labelled: Ev (and the component's own label sig) name the operation, its
 * arguments and its fault, in the state the transition leaves. A trace reads back as a list of
 * calls. Label fields an operation does not use are empty.
 */

abstract sig Bool {}
one sig True, False extends Bool {}

-- TY-1: a type has an element size S >= 1 and an alignment A, a power of two dividing S.
sig Type {
  size: one Int,
  align: one Int
}

fact typesAreWellFormed {
  all t: Type | t.size in 1 + 2 and t.align in 1 + 2 and rem[t.size, t.align] = 0
}

-- The operations, named as the Java contract names them.
abstract sig Op {}
one sig Push, Pop, Mark, CloseFrame, Allocate, AllocateGrowable, Resize, Free, Close,
  AllocateCounted, Retain, Release, Item, Bind, Unbind, Skip extends Op {}

-- Faults: the Java fault type, then the clause id (dev.cairn.fault).
abstract sig Fault {}
one sig LifoFault_SP_4, LifoFault_SP_6, PoolExhaustedFault_SP_3, AlignmentFault_AC_4,
  ArgumentFault_AC_4, ArgumentFault_TY_2, ArgumentFault_AC_3, ClosedFault_SP_8,
  ClosedFault_GA_6, FixedSizeFault_GA_3, ForeignBlockFault_GA_4, RefCountFault_RC_2,
  RefCountFault_RC_3, RefCountFault_RC_5 extends Fault {}

-- The label every transition carries: operation, type, element count, requested alignment,
-- bound maximum, fault (empty when the call succeeded).
one sig Ev {
  var op: one Op,
  var typ: lone Type,
  var cnt: lone Int,
  var ral: lone Int,
  var max: lone Int,
  var fault: lone Fault
}

-- The largest element count and alignment the model's integers reach; calls outside are out
-- of the model's domain (the Java contract still defines them).
fun COUNT_BOUND: Int { 3 }
fun ALIGN_BOUND: Int { 4 }

fact argumentDomain {
  always (Ev.cnt <= COUNT_BOUND and Ev.cnt >= minus[0, 1] and Ev.ral <= ALIGN_BOUND and Ev.ral >= 0 and Ev.max <= ALIGN_BOUND and Ev.max >= 0)
}

pred label[o: Op, t: lone Type, k: lone Int, a: lone Int, m: lone Int, f: lone Fault] {
  Ev.op = o
  Ev.typ = t
  Ev.cnt = k
  Ev.ral = a
  Ev.max = m
  Ev.fault = f
}

pred isPow2[x: Int] {
  x in 1 + 2 + 4
}

-- AC-4: the effective alignment is the larger of the type's and the requested one.
fun effAlign[t: Type, a: Int]: Int {
  t.align >= a implies t.align else a
}

-- SP-2: the first multiple of a at or above x.
fun alignUp[x: Int, a: Int]: Int {
  rem[x, a] = 0 implies x else plus[x, minus[a, rem[x, a]]]
}

-- Indices 0 .. k-1 (k <= COUNT_BOUND = 3).
fun indices[k: Int]: set Int {
  { i: 0 + 1 + 2 | i < k }
}

-- Indices lo .. hi-1 (hi <= COUNT_BOUND = 3).
fun indicesBetween[lo: Int, hi: Int]: set Int {
  { i: 0 + 1 + 2 | i >= lo and i < hi }
}
