module counting
open common

/*
 * RC-1..RC-5 (and TY, DS, ER as they apply): reference-counted items. allocateCounted gives a
 * handle with count 1; retain adds one; release subtracts one, and the release that reaches
 * zero destroys the item's elements and is the only one that says so. Handle atoms are used once.
 * Requested alignments are 1 unit (8 bytes): the alignment rules are the general allocator's.
 */

sig Handle {
  type: one Type,
  n: one Int,
  sz: one Int
}

-- TY-2: the item's size, fixed once for every atom.
fact handleArithmetic {
  all h: Handle | h.sz = mul[h.n, h.type.size]
}

one sig RC {
  var count: Handle -> lone Int,
  var born: set Handle,
  var gone: set Handle
}

-- The counting label: the handle, whether a release destroyed the item, the destructor calls.
one sig CEv {
  var h: lone Handle,
  var destroyed: lone Bool,
  var dtor: Handle -> Int
}

-- RC-2: the model's maximum count (the contract's is 2^31 - 1): small enough that the checks'
-- five steps reach it and go past it (allocate, two retains, a retain rejected at the maximum).
fun COUNT_MAX: Int { 3 }

fun countOf[x: Handle]: Int { x.(RC.count) }
fun countAfter[x: Handle]: Int { x.(RC.count') }
fun liveHandles: set Handle { RC.born - RC.gone }

-- Frame conditions, one per state component.
pred countUnchanged { RC.count' = RC.count }
pred handlesUnchanged {
  RC.born' = RC.born
  RC.gone' = RC.gone
}
pred rcUnchanged {
  countUnchanged
  handlesUnchanged
}

pred clabel[x: lone Handle, d: lone Bool, c: Handle -> Int] {
  CEv.h = x
  CEv.destroyed = d
  CEv.dtor = c
}

pred init {
  no RC.count
  no RC.born
  no RC.gone
}

-- RC-1: allocateCounted(type, count, byteAlignment, mode) gives a handle with count 1.
pred allocateCounted[x: Handle, t: Type, k: Int, a: Int] {
  k >= 1
  a = 1
  x not in RC.born
  x.type = t
  x.n = k
  RC.count' = RC.count + x -> 1
  RC.born' = RC.born + x
  RC.gone' = RC.gone
  label[AllocateCounted, t, k, a, none, none]
  clabel[x, none, none -> none]
}

-- TY-2, ER-1
pred allocateCountedRejected[t: Type, k: Int, a: Int] {
  one t
  one k
  a = 1
  k < 1
  rcUnchanged
  label[AllocateCounted, t, k, a, none, ArgumentFault_TY_2]
  clabel[none, none, none -> none]
}

-- RC-2: retain adds one.
pred retain[x: Handle] {
  x in liveHandles
  countOf[x] < COUNT_MAX
  RC.count' = RC.count ++ x -> plus[countOf[x], 1]
  handlesUnchanged
  label[Retain, none, none, none, none, none]
  clabel[x, none, none -> none]
}

-- RC-2, ER-1: retaining a destroyed item, or at the maximum, changes nothing.
pred retainRejected[x: Handle] {
  x in RC.born
  x in RC.gone or countOf[x] >= COUNT_MAX
  rcUnchanged
  label[Retain, none, none, none, none, RefCountFault_RC_2]
  clabel[x, none, none -> none]
}

-- RC-3, DS-1: release subtracts one; at zero it destroys the item and says so.
pred release[x: Handle] {
  x in liveHandles
  RC.count' = RC.count ++ x -> minus[countOf[x], 1]
  RC.born' = RC.born
  countOf[x] = 1 implies RC.gone' = RC.gone + x
  countOf[x] > 1 implies RC.gone' = RC.gone
  label[Release, none, none, none, none, none]
  clabel[x, (countOf[x] = 1 implies True else False), (countOf[x] = 1 implies x -> indices[x.n] else none -> none)]
}

-- RC-3, ER-1: releasing a destroyed item changes nothing.
pred releaseRejected[x: Handle] {
  x in RC.gone
  rcUnchanged
  label[Release, none, none, none, none, RefCountFault_RC_3]
  clabel[x, none, none -> none]
}

-- RC-5: item() reaches a live item.
pred item[x: Handle] {
  x in liveHandles
  rcUnchanged
  label[Item, none, none, none, none, none]
  clabel[x, none, none -> none]
}

-- RC-5, ER-1: reaching a destroyed item changes nothing.
pred itemRejected[x: Handle] {
  x in RC.gone
  rcUnchanged
  label[Item, none, none, none, none, RefCountFault_RC_5]
  clabel[x, none, none -> none]
}

pred skip {
  rcUnchanged
  label[Skip, none, none, none, none, none]
  clabel[none, none, none -> none]
}

fact traces {
  init
  always (
    (some x: Handle | allocateCounted[x, Ev.typ, Ev.cnt, Ev.ral])
    or allocateCountedRejected[Ev.typ, Ev.cnt, Ev.ral]
    or (some x: Handle | retain[x] or retainRejected[x] or release[x] or releaseRejected[x] or item[x] or itemRejected[x])
    or skip
  )
}

-- ===== Assertions =====

fun succeeded[o: Op, x: Handle]: set Handle { (Ev.op = o and no Ev.fault and CEv.h = x) implies x else none }

-- RC-1, RC-2, RC-4: an allocation gives a new item whose count starts at 1; a count changes only
-- by a successful retain (+1) or release (-1): while the item lives, count = 1 + retains -
-- releases; and it never passes its maximum.
assert countIsConserved {
  always (Ev.op = AllocateCounted and no Ev.fault implies countAfter[CEv.h] = 1 and CEv.h not in RC.born)
  always (all x: liveHandles | some succeeded[Retain, x] implies countAfter[x] = plus[countOf[x], 1])
  always (all x: liveHandles | some succeeded[Release, x] implies countAfter[x] = minus[countOf[x], 1])
  always (all x: liveHandles | no succeeded[Retain, x] and no succeeded[Release, x] implies countAfter[x] = countOf[x])
  always (all x: RC.born | countOf[x] <= COUNT_MAX)
}

-- RC-2, RC-3, RC-5: every call on a destroyed item is rejected.
assert deadItemsAreUnreachable {
  always (Ev.op in Retain + Release + Item and CEv.h in RC.gone implies some Ev.fault)
}

-- RC-3, RC-4: an item is destroyed exactly when its count reaches zero, the count never goes
-- below zero, and only the release that destroyed reports it.
assert destroyedExactlyAtZero {
  always (all x: RC.born | (x in RC.gone iff countOf[x] = 0) and countOf[x] >= 0)
  always (CEv.destroyed = True iff (Ev.op = Release and no Ev.fault and countOf[CEv.h] = 1))
}

-- DS-1, RC-3: the item's elements are destroyed exactly once, when it is destroyed.
assert everyElementDestroyedExactlyOnce {
  always (no (CEv.dtor.univ & RC.gone) and RC.gone' - RC.gone = CEv.dtor.univ)
  always (all x: CEv.dtor.univ | x.(CEv.dtor) = indices[x.n])
  always (RC.gone in RC.gone')
}

-- ER-1: a rejected call changes nothing.
assert rejectedCallsChangeNothing {
  always (some Ev.fault implies (RC.count' = RC.count and RC.born' = RC.born and RC.gone' = RC.gone))
}

-- ER-1: every call names its arguments, and a call is rejected only when the clause its fault
-- names is violated.
assert faultsOnlyWhenTheClauseIsViolated {
  always (Ev.op = AllocateCounted implies one Ev.typ and one Ev.cnt and one Ev.ral)
  always (Ev.op in Retain + Release + Item implies one CEv.h)
  always (Ev.fault = ArgumentFault_TY_2 implies Ev.cnt < 1)
  always (Ev.fault = RefCountFault_RC_2 implies (CEv.h in RC.gone or countOf[CEv.h] >= COUNT_MAX))
  always ((Ev.fault = RefCountFault_RC_3 or Ev.fault = RefCountFault_RC_5) implies CEv.h in RC.gone)
}

-- Checks search traces of exactly N states (N..N steps): a lasso of fewer states unrolls into a
-- lasso of N states that is the same infinite trace, so no shorter counterexample is missed and
-- the solver skips the shorter lengths.
check countIsConserved for 3 but 2 Type, 5 Int, 5..5 steps expect 0
check destroyedExactlyAtZero for 3 but 2 Type, 5 Int, 5..5 steps expect 0
check everyElementDestroyedExactlyOnce for 3 but 2 Type, 5 Int, 5..5 steps expect 0
check deadItemsAreUnreachable for 3 but 2 Type, 5 Int, 5..5 steps expect 0
check rejectedCallsChangeNothing for 3 but 2 Type, 5 Int, 5..5 steps expect 0
check faultsOnlyWhenTheClauseIsViolated for 3 but 2 Type, 5 Int, 5..5 steps expect 0

-- ===== Non-vacuity =====
run countGoesOneTwoOneZero { eventually (Ev.op = Retain and no Ev.fault and after (Ev.op = Release and after (Ev.op = Release and CEv.destroyed = True))) } for 3 but 2 Type, 5 Int, 5 steps expect 1
run singleElementCounted { eventually (Ev.op = AllocateCounted and no Ev.fault and Ev.cnt = 1) } for 3 but 2 Type, 5 Int, 2 steps expect 1
run retainAtTheMaximumRejected { eventually (Ev.fault = RefCountFault_RC_2 and CEv.h not in RC.gone) } for 3 but 2 Type, 5 Int, 5 steps expect 1
run retainOfDestroyedRejected { eventually Ev.fault = RefCountFault_RC_2 } for 3 but 2 Type, 5 Int, 4 steps expect 1
run releaseOfDestroyedRejected { eventually Ev.fault = RefCountFault_RC_3 } for 3 but 2 Type, 5 Int, 4 steps expect 1
run itemHappens { eventually (Ev.op = Item and no Ev.fault) } for 3 but 2 Type, 5 Int, 3 steps expect 1
run itemOfDestroyedRejected { eventually Ev.fault = RefCountFault_RC_5 } for 3 but 2 Type, 5 Int, 4 steps expect 1
run allocateCountedRejectedHappens { eventually Ev.fault = ArgumentFault_TY_2 } for 3 but 2 Type, 5 Int, 2 steps expect 1

-- ===== Vector scenarios (docs/vectors.md) =====
-- A vector never retains at the maximum: the model's COUNT_MAX is 3, the implementations' is
-- 2^31 - 1, and a replay cannot scale it down (run retainAtTheMaximumRejected covers it here).
pred finite {
  always (Ev.op = Skip implies after Ev.op = Skip)
  always not (Ev.fault = RefCountFault_RC_2 and CEv.h not in RC.gone)
}

run vecCount { finite and eventually (Ev.op = Retain and no Ev.fault) and eventually (CEv.destroyed = True) and eventually Ev.fault = RefCountFault_RC_3 } for 3 but 2 Type, 5 Int, 5 steps expect 1
run vecDestroyed { finite and eventually Ev.fault = RefCountFault_RC_2 and eventually Ev.fault = RefCountFault_RC_5 and eventually (Ev.op = Item and no Ev.fault) } for 3 but 2 Type, 5 Int, 5 steps expect 1
run vecCountUpDown { finite and eventually (Ev.op = Retain and no Ev.fault and after (Ev.op = Retain and no Ev.fault)) and eventually (CEv.destroyed = False) } for 3 but 2 Type, 5 Int, 5 steps expect 1
run vecArguments { finite and eventually Ev.fault = ArgumentFault_TY_2 and eventually (CEv.destroyed = True) } for 3 but 2 Type, 5 Int, 4 steps expect 1
