module general
open common
open context

/*
 * GA-1..GA-8 (and AC, TY, DS, ER as they apply): the general allocator. Blocks are placed at
 * any free address of a heap of HEAP units that is a multiple of their effective alignment; a
 * block is fixed unless allocated growable; resize makes a new block (the segment returned)
 * holding the first min(n, m) elements of the old one. Block atoms are used once.
 *
 * Elements have an identity: (the block where the element came into existence, its index).
 * `src` maps each index of a block to that origin block, so an element kept by a resize keeps
 * its identity and a new element gets a new one.
 */

sig Block {
  type: one Type,
  n: one Int,
  req: one Int,
  eff: one Int,
  addr: one Int,
  sz: one Int,
  endAddr: one Int,
  aligned: one Bool,
  growable: one Bool,
  src: Int -> lone Block
}

-- Derived attributes, fixed once for every atom: AC-4 effective alignment, TY-2 size n * S,
-- the end address, and whether the address is a multiple of the effective alignment.
fact blockArithmetic {
  all b: Block {
    b.eff = effAlign[b.type, b.req]
    b.sz = mul[b.n, b.type.size]
    b.endAddr = plus[b.addr, b.sz]
    b.aligned = (rem[b.addr, b.eff] = 0 implies True else False)
  }
}

one sig Heap {
  var live: set Block,
  var born: set Block,
  var closed: one Bool,
  var gone: Block -> Int
}

-- The allocator's own label: the block argument (or the block allocated), the block a resize
-- returned, and the destructor calls of the step as (block, element index).
one sig GEv {
  var blk: lone Block,
  var res: lone Block,
  var dtor: Block -> Int
}

fun HEAP: Int { 12 }

-- The identities of a block's elements: (origin block, index).
fun elemIds[bs: set Block]: Block -> Int { { o: Block, i: Int | some b: bs | i in indices[b.n] and o in i.(b.src) } }

pred placed[b: Block, others: set Block] {
  b.addr >= 0
  b.endAddr <= HEAP
  b.aligned = True
  all c: others | c.endAddr <= b.addr or b.endAddr <= c.addr
}

-- Frame conditions, one per state component.
pred liveUnchanged {
  Heap.live' = Heap.live
  Heap.born' = Heap.born
}
pred goneUnchanged { Heap.gone' = Heap.gone }
pred closedUnchanged { Heap.closed' = Heap.closed }
pred heapUnchanged {
  liveUnchanged
  goneUnchanged
  closedUnchanged
}

pred glabel[b: lone Block, r: lone Block, d: Block -> Int] {
  GEv.blk = b
  GEv.res = r
  GEv.dtor = d
}

pred init {
  no Heap.live
  no Heap.born
  Heap.closed = False
  no Heap.gone
  ctxInit
}

-- GA-1, GA-2: a new block, fixed or growable, at a free aligned address.
pred allocateBlock[b: Block, t: Type, k: Int, a: Int, g: Bool] {
  Heap.closed = False
  k >= 1
  isPow2[a]
  b not in Heap.born
  b.type = t
  b.n = k
  b.req = a
  b.eff <= currentMax
  b.growable = g
  b.src = indices[k] -> b
  placed[b, Heap.live]
  Heap.live' = Heap.live + b
  Heap.born' = Heap.born + b
  goneUnchanged
  closedUnchanged
  ctxUnchanged
}

-- GA-1: allocate(type, count, byteAlignment) gives a fixed block.
pred allocate[b: Block, t: Type, k: Int, a: Int] {
  allocateBlock[b, t, k, a, False]
  label[Allocate, t, k, a, none, none]
  glabel[b, none, none -> none]
}

-- GA-2: allocateGrowable(type, count, byteAlignment) gives a growable block.
pred allocateGrowable[b: Block, t: Type, k: Int, a: Int] {
  allocateBlock[b, t, k, a, True]
  label[AllocateGrowable, t, k, a, none, none]
  glabel[b, none, none -> none]
}

fun allocateFaults[t: Type, k: Int, a: Int]: set Fault {
  (Heap.closed = True implies ClosedFault_GA_6 else none)
  + (k < 1 implies ArgumentFault_TY_2 else none)
  + alignFaults[t, a]
}

-- TY-2, AC-4, GA-6, ER-1: a rejected allocation changes nothing.
pred allocateRejected[o: Op, t: Type, k: Int, a: Int] {
  o in Allocate + AllocateGrowable
  one t
  one k
  one a
  one allocateFaults[t, k, a]
  heapUnchanged
  ctxUnchanged
  label[o, t, k, a, none, allocateFaults[t, k, a]]
  glabel[none, none, none -> none]
}

-- GA-3, DS-1: resize(block, count) of a live growable block returns a block r of count
-- elements, same type and alignment, the first min(n, count) elements kept, new ones new, the
-- ones cut off destroyed. r may lie where the old block was.
pred resize[b: Block, r: Block, k: Int] {
  Heap.closed = False
  b in Heap.live
  b.growable = True
  k >= 1
  r not in Heap.born
  r.type = b.type
  r.n = k
  r.req = b.eff
  r.growable = True
  r.src = (indices[k] <: b.src) + (indicesBetween[b.n, k] -> r)
  placed[r, Heap.live - b]
  Heap.live' = Heap.live - b + r
  Heap.born' = Heap.born + r
  Heap.gone' = Heap.gone + ~(indicesBetween[k, b.n] <: b.src)
  closedUnchanged
  ctxUnchanged
  label[Resize, none, k, none, none, none]
  glabel[b, r, b -> indicesBetween[k, b.n]]
}

-- GA-4: a block that is not live is foreign, when no live block has its size (an
-- implementation may have reused its address: then the call is not determined by the model).
pred foreign[b: Block] {
  b not in Heap.live
  no c: Heap.live | c.sz = b.sz
}

fun resizeFaults[b: Block, k: Int]: set Fault {
  (Heap.closed = True implies ClosedFault_GA_6 else none)
  + (Heap.closed = False and foreign[b] implies ForeignBlockFault_GA_4 else none)
  + (b in Heap.live and b.growable = False implies FixedSizeFault_GA_3 else none)
  + (k < 1 implies ArgumentFault_TY_2 else none)
}

-- GA-3, GA-4, TY-2, GA-6, ER-1: a rejected resize changes nothing.
pred resizeRejected[b: Block, k: Int] {
  b in Heap.born
  b in Heap.live or foreign[b]
  one k
  one resizeFaults[b, k]
  heapUnchanged
  ctxUnchanged
  label[Resize, none, k, none, none, resizeFaults[b, k]]
  glabel[b, none, none -> none]
}

-- GA-4, DS-1: free(block) destroys the elements, then releases the block.
pred free[b: Block] {
  Heap.closed = False
  b in Heap.live
  Heap.live' = Heap.live - b
  Heap.born' = Heap.born
  Heap.gone' = Heap.gone + elemIds[b]
  closedUnchanged
  ctxUnchanged
  label[Free, none, none, none, none, none]
  glabel[b, none, b -> indices[b.n]]
}

fun freeFaults[b: Block]: set Fault {
  (Heap.closed = True implies ClosedFault_GA_6 else none)
  + (Heap.closed = False and foreign[b] implies ForeignBlockFault_GA_4 else none)
}

-- GA-4, GA-6, ER-1: freeing a block that is not live changes nothing.
pred freeRejected[b: Block] {
  b in Heap.born
  one freeFaults[b]
  heapUnchanged
  ctxUnchanged
  label[Free, none, none, none, none, freeFaults[b]]
  glabel[b, none, none -> none]
}

-- GA-6, DS-1: close() destroys and releases every live block, then rejects every call.
pred close {
  Heap.closed = False
  no Heap.live'
  Heap.born' = Heap.born
  Heap.gone' = Heap.gone + elemIds[Heap.live]
  Heap.closed' = True
  ctxUnchanged
  label[Close, none, none, none, none, none]
  glabel[none, none, { b: Heap.live, i: Int | i in indices[b.n] }]
}

-- GA-6: closing a closed allocator does nothing.
pred closeAgain {
  Heap.closed = True
  heapUnchanged
  ctxUnchanged
  label[Close, none, none, none, none, none]
  glabel[none, none, none -> none]
}

pred heapBind[c: Binding, m: Int] {
  bind[c, m]
  heapUnchanged
  glabel[none, none, none -> none]
}

pred heapBindRejected[m: Int] {
  bindRejected[m]
  heapUnchanged
  glabel[none, none, none -> none]
}

pred heapUnbind {
  unbind
  heapUnchanged
  glabel[none, none, none -> none]
}

pred skip {
  heapUnchanged
  ctxUnchanged
  label[Skip, none, none, none, none, none]
  glabel[none, none, none -> none]
}

fact traces {
  init
  always (
    (some b: Block | allocate[b, Ev.typ, Ev.cnt, Ev.ral] or allocateGrowable[b, Ev.typ, Ev.cnt, Ev.ral])
    or allocateRejected[Ev.op, Ev.typ, Ev.cnt, Ev.ral]
    or (some b, r: Block | resize[b, r, Ev.cnt])
    or (some b: Block | resizeRejected[b, Ev.cnt] or free[b] or freeRejected[b])
    or close
    or closeAgain
    or (some c: Binding | heapBind[c, Ev.max])
    or heapBindRejected[Ev.max]
    or heapUnbind
    or skip
  )
}

-- ===== Assertions =====

fun liveIds: Block -> Int { elemIds[Heap.live] }
fun dtorIds: Block -> Int { { o: Block, i: Int | some b: Block | b -> i in GEv.dtor and o in i.(b.src) } }

-- AC-4, GA-1: every live block's address is a multiple of its effective alignment, which is at
-- least its type's and the requested one and was within the context's maximum.
assert effectiveAlignmentHonoured {
  always (all b: Heap.live | b.aligned = True and b.eff >= b.type.align)
  always (Ev.op in Allocate + AllocateGrowable and no Ev.fault implies GEv.blk.eff <= currentMax and GEv.blk.eff >= Ev.ral)
  always (Ev.op in Allocate + AllocateGrowable and no Ev.fault implies isPow2[Ev.ral])
}

-- GA-1, ER-2: live blocks lie in the heap and no two overlap.
assert liveBlocksNeverOverlap {
  always (all b: Heap.live | b.addr >= 0 and b.endAddr <= HEAP)
  always (all disj b, c: Heap.live | b.endAddr <= c.addr or c.endAddr <= b.addr)
}

-- GA-2, GA-3: a fixed block never changes size: resizing it is rejected, and it leaves only
-- by free or close. A resize keeps type, alignment and growability and gives the count asked.
assert fixedBlocksNeverChangeSize {
  always (Ev.op = Resize and GEv.blk.growable = False implies some Ev.fault and Heap.live' = Heap.live)
  always (all b: Heap.live | b.growable = False and b not in Heap.live' implies Ev.op in Free + Close)
  always (Ev.op = Resize and no Ev.fault implies GEv.res.growable = True and GEv.res.eff = GEv.blk.eff and GEv.res.type = GEv.blk.type and GEv.res.n = Ev.cnt)
  always (Ev.op = Allocate and no Ev.fault implies GEv.blk.growable = False)
  always (Ev.op = AllocateGrowable and no Ev.fault implies GEv.blk.growable = True)
}

-- GA-3: a resize keeps the first min(n, m) elements (same identities) and adds new ones.
assert resizeKeepsElements {
  always (Ev.op = Resize and no Ev.fault implies (all i: indices[GEv.res.n] | i in indices[GEv.blk.n] implies i.(GEv.res.src) = i.(GEv.blk.src)))
  always (Ev.op = Resize and no Ev.fault implies (all i: indices[GEv.res.n] | i not in indices[GEv.blk.n] implies i.(GEv.res.src) = GEv.res))
}

-- TY-2: a block has at least one element.
assert blocksHaveAtLeastOneElement {
  always (all b: Heap.live | b.n >= 1)
}

-- DS-1, DS-2: every element that leaves existence is destroyed exactly once, in the step it
-- leaves; no live element has been destroyed, so its memory is not reused before.
assert everyElementDestroyedExactlyOnce {
  always (no (dtorIds & Heap.gone) and Heap.gone' = Heap.gone + dtorIds)
  always (dtorIds = liveIds - liveIds')
  always (no (liveIds & Heap.gone))
}

-- GA-4: a block that left is never live again (a second free is foreign), and a block once
-- allocated stays known to the allocator, so a stale one is rejected as foreign, never taken for
-- a new one.
assert freedBlocksStayFreed {
  always (all b: Heap.born - Heap.live | after b not in Heap.live)
  always (Heap.live in Heap.born and Heap.born in Heap.born')
  always (Ev.op = Free and no Ev.fault implies GEv.blk in Heap.live - Heap.live')
}

-- GA-6: a new allocator is open, only close() closes it and close() always does, and a closed
-- allocator holds nothing and stays closed.
assert closedAllocatorHoldsNothing {
  Heap.closed = False
  always (Heap.closed = False and Heap.closed' = True implies Ev.op = Close)
  always (Ev.op = Close implies Heap.closed' = True)
  always (Heap.closed = True implies no Heap.live and after Heap.closed = True)
}

-- AC-1, AC-2, AC-3: the current maximum is MaxAlign's until a bind, then the innermost binding's
-- that a bind made and whose action has not ended; a bind pushes a power of two; an unbind ends
-- the innermost binding's action; only bind and unbind change the context.
assert currentMaxIsInnermostBinding {
  always (Ctx.inner.*outer in Ctx.usedBindings)
  always (no Ctx.usedBindings implies currentMax = MAX_ALIGN)
  always (Ev.op = Bind and no Ev.fault implies (some Ctx.inner' and Ctx.inner'.bmax = Ev.max and isPow2[Ev.max]))
  always (Ev.op not in Bind + Unbind implies Ctx.inner' = Ctx.inner and Ctx.usedBindings' = Ctx.usedBindings)
  always (Ev.op = Unbind implies some Ctx.inner and Ctx.inner' = Ctx.inner.outer)
}

-- ER-1: a rejected call changes nothing.
assert rejectedCallsChangeNothing {
  always (some Ev.fault implies (Heap.live' = Heap.live and Heap.born' = Heap.born and Heap.gone' = Heap.gone and Heap.closed' = Heap.closed and Ctx.inner' = Ctx.inner))
}

-- ER-1: every call names its arguments, and a call is rejected only when the clause its fault
-- names is violated.
assert faultsOnlyWhenTheClauseIsViolated {
  always (Ev.op in Allocate + AllocateGrowable implies one Ev.typ and one Ev.cnt and one Ev.ral)
  always (Ev.op = Resize implies one Ev.cnt and one GEv.blk)
  always (Ev.op = Free implies one GEv.blk)
  always (Ev.fault = ArgumentFault_TY_2 implies Ev.cnt < 1)
  always (Ev.fault = ArgumentFault_AC_4 implies not isPow2[Ev.ral])
  always (Ev.fault = AlignmentFault_AC_4 implies effAlign[Ev.typ, Ev.ral] > currentMax)
  always (Ev.fault = ArgumentFault_AC_3 implies not isPow2[Ev.max])
  always (Ev.fault = ClosedFault_GA_6 implies Heap.closed = True)
  always (Ev.fault = FixedSizeFault_GA_3 implies GEv.blk.growable = False)
  always (Ev.fault = ForeignBlockFault_GA_4 implies GEv.blk not in Heap.live)
}

-- Checks search traces of exactly N states (N..N steps): a lasso of fewer states unrolls into a
-- lasso of N states that is the same infinite trace, so no shorter counterexample is missed and
-- the solver skips the shorter lengths.
check effectiveAlignmentHonoured for 3 but 2 Type, 2 Binding, 5 Int, 4..4 steps expect 0
check liveBlocksNeverOverlap for 3 but 2 Type, 2 Binding, 5 Int, 4..4 steps expect 0
check fixedBlocksNeverChangeSize for 3 but 2 Type, 2 Binding, 5 Int, 4..4 steps expect 0
check resizeKeepsElements for 3 but 2 Type, 2 Binding, 5 Int, 4..4 steps expect 0
check blocksHaveAtLeastOneElement for 3 but 2 Type, 2 Binding, 5 Int, 4..4 steps expect 0
check everyElementDestroyedExactlyOnce for 3 but 2 Type, 2 Binding, 5 Int, 4..4 steps expect 0
check freedBlocksStayFreed for 3 but 2 Type, 2 Binding, 5 Int, 4..4 steps expect 0
check closedAllocatorHoldsNothing for 3 but 2 Type, 2 Binding, 5 Int, 4..4 steps expect 0
check currentMaxIsInnermostBinding for 3 but 2 Type, 2 Binding, 5 Int, 4..4 steps expect 0
check rejectedCallsChangeNothing for 3 but 2 Type, 2 Binding, 5 Int, 4..4 steps expect 0
check faultsOnlyWhenTheClauseIsViolated for 3 but 2 Type, 2 Binding, 5 Int, 4..4 steps expect 0

-- ===== Non-vacuity: every operation and every premise is reachable =====
run allocateHappens { eventually (Ev.op = Allocate and no Ev.fault) } for 3 but 2 Type, 2 Binding, 5 Int, 2 steps expect 1
run singleElementAllocated { eventually (Ev.op = Allocate and no Ev.fault and Ev.cnt = 1) } for 3 but 2 Type, 2 Binding, 5 Int, 2 steps expect 1
run allocationAtTheContextMaximum { eventually (Ev.op = Allocate and no Ev.fault and GEv.blk.eff = currentMax) } for 3 but 2 Type, 2 Binding, 5 Int, 2 steps expect 1
run growableGrowsAndShrinks { eventually (Ev.op = Resize and no Ev.fault and GEv.res.n > GEv.blk.n and eventually (Ev.op = Resize and no Ev.fault and GEv.res.n < GEv.blk.n)) } for 3 but 2 Type, 2 Binding, 5 Int, 4 steps expect 1
run resizeToOneElement { eventually (Ev.op = Resize and no Ev.fault and Ev.cnt = 1) } for 3 but 2 Type, 2 Binding, 5 Int, 3 steps expect 1
run freeHappens { eventually (Ev.op = Free and no Ev.fault) } for 3 but 2 Type, 2 Binding, 5 Int, 3 steps expect 1
run closeDestroysLive { eventually (Ev.op = Close and some GEv.dtor) } for 3 but 2 Type, 2 Binding, 5 Int, 3 steps expect 1
run resizeOfFixedRejected { eventually Ev.fault = FixedSizeFault_GA_3 } for 3 but 2 Type, 2 Binding, 5 Int, 3 steps expect 1
run doubleFreeRejected { eventually Ev.fault = ForeignBlockFault_GA_4 } for 3 but 2 Type, 2 Binding, 5 Int, 4 steps expect 1
run useAfterCloseRejected { eventually Ev.fault = ClosedFault_GA_6 } for 3 but 2 Type, 2 Binding, 5 Int, 3 steps expect 1
run closeAgainHappens { eventually (Ev.op = Close and after Ev.op = Close) } for 3 but 2 Type, 2 Binding, 5 Int, 3 steps expect 1
run bindAndUnbindHappen { eventually (Ev.op = Bind and no Ev.fault and after Ev.op = Unbind) } for 3 but 2 Type, 2 Binding, 5 Int, 3 steps expect 1
run bindRejectedHappens { eventually Ev.fault = ArgumentFault_AC_3 } for 3 but 2 Type, 2 Binding, 5 Int, 2 steps expect 1
run allocateArgumentsRejected { eventually Ev.fault = ArgumentFault_TY_2 and eventually Ev.fault = ArgumentFault_AC_4 } for 3 but 2 Type, 2 Binding, 5 Int, 3 steps expect 1
run alignmentBeyondContextRejected { eventually Ev.fault = AlignmentFault_AC_4 } for 3 but 2 Type, 2 Binding, 5 Int, 2 steps expect 1

-- ===== Vector scenarios (docs/vectors.md) =====
pred finite { always (Ev.op = Skip implies after Ev.op = Skip) }

run vecResize { finite and eventually (Ev.op = Resize and no Ev.fault and GEv.res.n > GEv.blk.n) and eventually (Ev.op = Resize and no Ev.fault and GEv.res.n < GEv.blk.n) } for 3 but 2 Type, 2 Binding, 5 Int, 5 steps expect 1
run vecFree { finite and eventually (Ev.op = Free and no Ev.fault) and eventually Ev.fault = ForeignBlockFault_GA_4 and eventually Ev.fault = FixedSizeFault_GA_3 } for 3 but 2 Type, 2 Binding, 5 Int, 5 steps expect 1
run vecArguments { finite and eventually Ev.fault = ArgumentFault_TY_2 and eventually Ev.fault = ArgumentFault_AC_4 and eventually (Ev.op = AllocateGrowable and no Ev.fault) } for 3 but 2 Type, 2 Binding, 5 Int, 4 steps expect 1
run vecAlignment { finite and eventually (Ev.op = Allocate and no Ev.fault and GEv.blk.eff > MAX_ALIGN) and eventually Ev.fault = AlignmentFault_AC_4 and eventually Ev.op = Unbind } for 3 but 2 Type, 2 Binding, 5 Int, 5 steps expect 1
run vecClose { finite and eventually (Ev.op = Close and some GEv.dtor) and eventually Ev.fault = ClosedFault_GA_6 } for 3 but 2 Type, 2 Binding, 5 Int, 5 steps expect 1
