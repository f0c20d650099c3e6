module stackpool
open common
open context

/*
 * SP-1..SP-9 (and AC, TY, DS, ER as they apply): the stack pool. A pool of `capacity` units;
 * blocks are pushed at alignUp(top, effective alignment) and popped in LIFO order only; frames
 * mark the top and close innermost first. Block and frame atoms are used once: a block's fields
 * are fixed when it is pushed.
 */

sig Block {
  type: one Type,
  n: one Int,
  req: one Int,
  eff: one Int,
  topBefore: one Int,
  offset: one Int,
  sz: one Int,
  endOff: one Int,
  aligned: one Bool,
  below: lone Block
}

-- Derived attributes, fixed once for every atom (the arithmetic is done once, not per step):
-- AC-4 effective alignment, SP-2 offset alignUp(top before the push, effective alignment),
-- TY-2 size n * S, and whether the offset is a multiple of the effective alignment.
fact blockArithmetic {
  all b: Block {
    b.eff = effAlign[b.type, b.req]
    b.offset = alignUp[b.topBefore, b.eff]
    b.sz = mul[b.n, b.type.size]
    b.endOff = plus[b.offset, b.sz]
    b.aligned = (rem[b.offset, b.eff] = 0 implies True else False)
  }
}

sig Frame {
  mBlock: lone Block,
  mTop: one Int,
  fouter: lone Frame
}

one sig Pool {
  capacity: one Int,
  var top: one Int,
  var topBlock: lone Block,
  var innerFrame: lone Frame,
  var closed: one Bool,
  var pushed: set Block,
  var marked: set Frame,
  var gone: Block -> Int
}

-- The pool's own label: the block pushed or popped, the frame marked or closed, and the
-- destructor calls of the step as (block, element index).
one sig SEv {
  var blk: lone Block,
  var frm: lone Frame,
  var dtor: Block -> Int
}

fact poolCapacity {
  Pool.capacity >= 1 and Pool.capacity <= 6
}

fun live: set Block { Pool.topBlock.*below }
fun elems[bs: set Block]: Block -> Int { { b: bs, i: Int | i in indices[b.n] } }
fun openFrames: set Frame { Pool.innerFrame.*fouter }
-- SP-6: blocks pushed before the innermost open frame's mark.
fun guarded: set Block { Pool.innerFrame.mBlock.*below }
fun pushedSince[f: Frame]: set Block { live - f.mBlock.*below }

-- Frame conditions, one per state component.
pred stackUnchanged {
  Pool.top' = Pool.top
  Pool.topBlock' = Pool.topBlock
  Pool.pushed' = Pool.pushed
}
pred framesUnchanged {
  Pool.innerFrame' = Pool.innerFrame
  Pool.marked' = Pool.marked
}
pred goneUnchanged { Pool.gone' = Pool.gone }
pred closedUnchanged { Pool.closed' = Pool.closed }
pred poolUnchanged {
  stackUnchanged
  framesUnchanged
  goneUnchanged
  closedUnchanged
}

pred slabel[b: lone Block, f: lone Frame, d: Block -> Int] {
  SEv.blk = b
  SEv.frm = f
  SEv.dtor = d
}

pred init {
  Pool.top = 0
  no Pool.topBlock
  no Pool.innerFrame
  Pool.closed = False
  no Pool.pushed
  no Pool.marked
  no Pool.gone
  ctxInit
}

-- SP-2: push(type, count, byteAlignment).
pred push[b: Block, t: Type, k: Int, a: Int] {
  Pool.closed = False
  k >= 1
  isPow2[a]
  b not in Pool.pushed
  b.type = t
  b.n = k
  b.req = a
  b.topBefore = Pool.top
  b.below = Pool.topBlock
  b.eff <= currentMax
  b.endOff <= Pool.capacity
  Pool.top' = b.endOff
  Pool.topBlock' = b
  Pool.pushed' = Pool.pushed + b
  framesUnchanged
  goneUnchanged
  closedUnchanged
  ctxUnchanged
  label[Push, t, k, a, none, none]
  slabel[b, none, none -> none]
}

fun pushFaults[t: Type, k: Int, a: Int]: set Fault {
  (Pool.closed = True implies ClosedFault_SP_8 else none)
  + (k < 1 implies ArgumentFault_TY_2 else none)
  + alignFaults[t, a]
  + (isPow2[a] and k >= 1 and plus[alignUp[Pool.top, effAlign[t, a]], mul[k, t.size]] > Pool.capacity implies PoolExhaustedFault_SP_3 else none)
}

-- SP-3, TY-2, AC-4, SP-8, ER-1: a rejected push (exactly one violation) changes nothing.
pred pushRejected[t: Type, k: Int, a: Int] {
  one t
  one k
  one a
  one pushFaults[t, k, a]
  poolUnchanged
  ctxUnchanged
  label[Push, t, k, a, none, pushFaults[t, k, a]]
  slabel[none, none, none -> none]
}

-- SP-4, DS-1: pop(block) takes the top block; its elements are destroyed; top is restored.
pred pop[b: Block] {
  Pool.closed = False
  b = Pool.topBlock
  b not in guarded
  Pool.top' = b.topBefore
  Pool.topBlock' = b.below
  Pool.pushed' = Pool.pushed
  Pool.gone' = Pool.gone + elems[b]
  framesUnchanged
  closedUnchanged
  ctxUnchanged
  label[Pop, none, none, none, none, none]
  slabel[b, none, elems[b]]
}

fun popFaults[b: Block]: set Fault {
  (Pool.closed = True implies ClosedFault_SP_8 else none)
  + (b != Pool.topBlock and b not in guarded implies LifoFault_SP_4 else none)
  + (b in guarded implies LifoFault_SP_6 else none)
}

-- SP-4, SP-6, SP-8, ER-1: popping anything but the top block above the innermost mark. A
-- block is passed as a segment (address and size): a popped block whose offset and size equal a
-- live block's is that block to an implementation, so the model leaves that call out.
pred popRejected[b: Block] {
  b in Pool.pushed
  no c: live - b | c.offset = b.offset and c.sz = b.sz
  one popFaults[b]
  poolUnchanged
  ctxUnchanged
  label[Pop, none, none, none, none, popFaults[b]]
  slabel[b, none, none -> none]
}

-- SP-6: mark() opens a new innermost frame at the current top.
pred mark[f: Frame] {
  Pool.closed = False
  f not in Pool.marked
  f.mBlock = Pool.topBlock
  f.mTop = Pool.top
  f.fouter = Pool.innerFrame
  Pool.innerFrame' = f
  Pool.marked' = Pool.marked + f
  stackUnchanged
  goneUnchanged
  closedUnchanged
  ctxUnchanged
  label[Mark, none, none, none, none, none]
  slabel[none, f, none -> none]
}

-- SP-8, ER-1
pred markRejected {
  Pool.closed = True
  poolUnchanged
  ctxUnchanged
  label[Mark, none, none, none, none, ClosedFault_SP_8]
  slabel[none, none, none -> none]
}

-- SP-6, DS-1: closing the innermost frame pops every block pushed since its mark.
pred closeFrame[f: Frame] {
  Pool.closed = False
  f = Pool.innerFrame
  Pool.top' = f.mTop
  Pool.topBlock' = f.mBlock
  Pool.pushed' = Pool.pushed
  Pool.gone' = Pool.gone + elems[pushedSince[f]]
  Pool.innerFrame' = f.fouter
  Pool.marked' = Pool.marked
  closedUnchanged
  ctxUnchanged
  label[CloseFrame, none, none, none, none, none]
  slabel[none, f, elems[pushedSince[f]]]
}

fun closeFrameFaults[f: Frame]: set Fault {
  (Pool.closed = True implies ClosedFault_SP_8 else none)
  + (f != Pool.innerFrame implies LifoFault_SP_6 else none)
}

-- SP-6, SP-8, ER-1: closing a frame that is not the innermost open one (or closed already).
pred closeFrameRejected[f: Frame] {
  f in Pool.marked
  one closeFrameFaults[f]
  poolUnchanged
  ctxUnchanged
  label[CloseFrame, none, none, none, none, closeFrameFaults[f]]
  slabel[none, f, none -> none]
}

-- SP-8, DS-1: close() pops every live block (LIFO), closes every frame, rejects all later calls.
pred close {
  Pool.closed = False
  Pool.top' = 0
  no Pool.topBlock'
  Pool.pushed' = Pool.pushed
  Pool.gone' = Pool.gone + elems[live]
  no Pool.innerFrame'
  Pool.marked' = Pool.marked
  Pool.closed' = True
  ctxUnchanged
  label[Close, none, none, none, none, none]
  slabel[none, none, elems[live]]
}

-- SP-8: closing a closed pool does nothing and reports nothing.
pred closeAgain {
  Pool.closed = True
  poolUnchanged
  ctxUnchanged
  label[Close, none, none, none, none, none]
  slabel[none, none, none -> none]
}

pred poolBind[b: Binding, m: Int] {
  bind[b, m]
  poolUnchanged
  slabel[none, none, none -> none]
}

pred poolBindRejected[m: Int] {
  bindRejected[m]
  poolUnchanged
  slabel[none, none, none -> none]
}

pred poolUnbind {
  unbind
  poolUnchanged
  slabel[none, none, none -> none]
}

pred skip {
  poolUnchanged
  ctxUnchanged
  label[Skip, none, none, none, none, none]
  slabel[none, none, none -> none]
}

fact traces {
  init
  always (
    (some b: Block | push[b, Ev.typ, Ev.cnt, Ev.ral])
    or pushRejected[Ev.typ, Ev.cnt, Ev.ral]
    or (some b: Block | pop[b] or popRejected[b])
    or (some f: Frame | mark[f] or closeFrame[f] or closeFrameRejected[f])
    or markRejected
    or close
    or closeAgain
    or (some b: Binding | poolBind[b, Ev.max])
    or poolBindRejected[Ev.max]
    or poolUnbind
    or skip
  )
}

-- ===== Assertions =====

-- AC-4, SP-2: every live block sits at a multiple of its effective alignment, which is at
-- least its type's and was within the context's maximum when it was pushed.
assert effectiveAlignmentHonoured {
  always (all b: live | b.aligned = True and b.eff >= b.type.align)
  always (Ev.op = Push and no Ev.fault implies SEv.blk.eff <= currentMax and SEv.blk.eff >= Ev.ral)
  always (Ev.op = Push and no Ev.fault implies isPow2[Ev.ral])
}

-- SP-1, ER-2: live blocks lie inside the pool and no two overlap.
assert liveBlocksNeverOverlap {
  always (all b: live | b.offset >= 0 and b.endOff <= Pool.capacity)
  always (all disj b, c: live | b.endOff <= c.offset or c.endOff <= b.offset)
}

-- SP-4, SP-6: a pop takes the most recently pushed live block, never one below the innermost
-- open frame's mark; a frame closes only when innermost, and pops exactly what was pushed since.
-- A block or frame once pushed or marked stays known to the pool, so a popped block or a closed
-- frame used again is rejected as stale (SP-4, SP-6), never taken for a new one.
assert popsAreLifo {
  always (Ev.op = Pop and no Ev.fault implies SEv.blk = Pool.topBlock and SEv.blk not in guarded and live' = live - SEv.blk)
  always (Ev.op in Mark + Push + Bind + Unbind + Skip implies live in live')
  always (live in Pool.pushed and Pool.pushed in Pool.pushed')
}

assert framesCloseInnermostFirst {
  always (Ev.op = CloseFrame and no Ev.fault implies SEv.frm = Pool.innerFrame and live' = live - pushedSince[SEv.frm] and openFrames' = openFrames - SEv.frm)
  always (all f: openFrames | f.mBlock in live + none)
  always (openFrames in Pool.marked and Pool.marked in Pool.marked')
}

-- SP-2: offsets are a pure function of the pushes and pops: top is the end of the top block
-- (0 when empty) and a push lands at alignUp(top, effective alignment) (the offset of a block
-- pushed on top T with effective alignment E is alignUp(T, E): fact blockArithmetic).
assert offsetsDeterminedByPushSequence {
  always (Pool.closed = False implies Pool.top = (no Pool.topBlock implies 0 else Pool.topBlock.endOff))
  always (Ev.op = Push and no Ev.fault implies SEv.blk.topBefore = Pool.top and SEv.blk.eff = effAlign[Ev.typ, Ev.ral] and SEv.blk.n = Ev.cnt and SEv.blk.type = Ev.typ)
}

-- TY-2: a block has at least one element.
assert blocksHaveAtLeastOneElement {
  always (all b: live | b.n >= 1)
}

-- DS-1, DS-2: every element of a block that leaves existence is destroyed exactly once, in the
-- step it leaves, and no live element has been destroyed, so memory is never reused before.
assert everyElementDestroyedExactlyOnce {
  always (no (SEv.dtor & Pool.gone) and Pool.gone' = Pool.gone + SEv.dtor)
  always (SEv.dtor = elems[live - live'])
  always (no (elems[live] & Pool.gone))
}

-- SP-8: a new pool is open, only close() closes it and close() always does, and a closed pool
-- holds nothing (its top is back at 0) and stays closed.
assert closedPoolHoldsNothing {
  Pool.closed = False
  always (Pool.closed = False and Pool.closed' = True implies Ev.op = Close)
  always (Ev.op = Close implies Pool.closed' = True)
  always (Pool.closed = True implies no live and no openFrames and Pool.top = 0 and after Pool.closed = True)
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
  always (some Ev.fault implies (Pool.top' = Pool.top and Pool.topBlock' = Pool.topBlock and Pool.pushed' = Pool.pushed and Pool.innerFrame' = Pool.innerFrame and Pool.marked' = Pool.marked and Pool.gone' = Pool.gone and Pool.closed' = Pool.closed and Ctx.inner' = Ctx.inner))
}

-- ER-1: every call names its arguments, and a call is rejected only when the clause its fault
-- names is violated.
assert faultsOnlyWhenTheClauseIsViolated {
  always (Ev.op = Push implies one Ev.typ and one Ev.cnt and one Ev.ral)
  always (Ev.op = Pop implies one SEv.blk)
  always (Ev.op = CloseFrame implies one SEv.frm)
  always (Ev.fault = ArgumentFault_TY_2 implies Ev.cnt < 1)
  always (Ev.fault = ArgumentFault_AC_4 implies not isPow2[Ev.ral])
  always (Ev.fault = AlignmentFault_AC_4 implies effAlign[Ev.typ, Ev.ral] > currentMax)
  always (Ev.fault = ArgumentFault_AC_3 implies not isPow2[Ev.max])
  always (Ev.fault = ClosedFault_SP_8 implies Pool.closed = True)
  always (Ev.fault = LifoFault_SP_4 implies SEv.blk != Pool.topBlock)
  always (Ev.fault = LifoFault_SP_6 implies (SEv.blk in guarded or (some SEv.frm and SEv.frm != Pool.innerFrame)))
  always (Ev.fault = PoolExhaustedFault_SP_3 implies plus[alignUp[Pool.top, effAlign[Ev.typ, Ev.ral]], mul[Ev.cnt, Ev.typ.size]] > Pool.capacity)
}

-- Checks search traces of exactly N states (N..N steps): a lasso of fewer states unrolls into a
-- lasso of N states that is the same infinite trace, so no shorter counterexample is missed and
-- the solver skips the shorter lengths.
check effectiveAlignmentHonoured for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4..4 steps expect 0
check liveBlocksNeverOverlap for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4..4 steps expect 0
check popsAreLifo for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4..4 steps expect 0
check framesCloseInnermostFirst for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4..4 steps expect 0
check offsetsDeterminedByPushSequence for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4..4 steps expect 0
check blocksHaveAtLeastOneElement for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4..4 steps expect 0
check everyElementDestroyedExactlyOnce for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4..4 steps expect 0
check closedPoolHoldsNothing for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4..4 steps expect 0
check currentMaxIsInnermostBinding for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4..4 steps expect 0
check rejectedCallsChangeNothing for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4..4 steps expect 0
check faultsOnlyWhenTheClauseIsViolated for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4..4 steps expect 0

-- ===== Non-vacuity: every operation and every premise is reachable =====
run pushHappens { eventually (Ev.op = Push and no Ev.fault) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 3 steps expect 1
run pushFillsThePool { eventually (Ev.op = Push and no Ev.fault and SEv.blk.endOff = Pool.capacity) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 2 steps expect 1
run singleElementPushed { eventually (Ev.op = Push and no Ev.fault and Ev.cnt = 1) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 2 steps expect 1
run pushAtTheContextMaximum { eventually (Ev.op = Push and no Ev.fault and SEv.blk.eff = currentMax) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 2 steps expect 1
run popHappens { eventually (Ev.op = Pop and no Ev.fault) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 3 steps expect 1
run markHappens { eventually (Ev.op = Mark and no Ev.fault) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 3 steps expect 1
run nestedFramesClose { eventually (Ev.op = CloseFrame and no Ev.fault and some SEv.frm.fouter and some SEv.dtor) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 6 steps expect 1
run closeDestroysLive { eventually (Ev.op = Close and some SEv.dtor) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 3 steps expect 1
run fullPoolRejectsSingleElementPush { eventually (Ev.fault = PoolExhaustedFault_SP_3 and Ev.cnt = 1) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 2 steps expect 1
run fullPoolRejectsPush { eventually (Ev.fault = PoolExhaustedFault_SP_3 and some live) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 3 steps expect 1
run outOfOrderPopRejected { eventually Ev.fault = LifoFault_SP_4 } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4 steps expect 1
run popBelowFrameRejected { eventually Ev.fault = LifoFault_SP_6 and eventually Ev.op = Pop and eventually Ev.op = CloseFrame } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 5 steps expect 1
run boundContextAllowsWidePush { eventually (Ev.op = Push and no Ev.fault and SEv.blk.eff > MAX_ALIGN) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 3 steps expect 1
run alignmentBeyondContextRejected { eventually Ev.fault = AlignmentFault_AC_4 } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 2 steps expect 1
run paddedPush { eventually (Ev.op = Push and no Ev.fault and SEv.blk.offset > Pool.top) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4 steps expect 1
run markAfterCloseRejected { eventually (Ev.op = Mark and Ev.fault = ClosedFault_SP_8) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 3 steps expect 1
run closeAgainHappens { eventually (Ev.op = Close and after Ev.op = Close) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 3 steps expect 1
run bindNestsAndUnbinds { eventually (Ev.op = Bind and no Ev.fault and after (Ev.op = Bind and no Ev.fault and after Ev.op = Unbind)) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 4 steps expect 1
run bindRejectedHappens { eventually Ev.fault = ArgumentFault_AC_3 } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 2 steps expect 1
run pushArgumentsRejected { eventually Ev.fault = ArgumentFault_TY_2 and eventually Ev.fault = ArgumentFault_AC_4 } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 3 steps expect 1
run useAfterCloseRejected { eventually Ev.fault = ClosedFault_SP_8 } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 3 steps expect 1

-- ===== Vector scenarios (docs/vectors.md): finite traces, enumerated by VectorGenerator =====
pred finite { always (Ev.op = Skip implies after Ev.op = Skip) }

run vecLifo { finite and eventually (Ev.op = Pop and no Ev.fault) and eventually Ev.fault = LifoFault_SP_4 } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 5 steps expect 1
run vecFrames { finite and eventually (Ev.op = CloseFrame and no Ev.fault and some SEv.dtor) and eventually Ev.fault = LifoFault_SP_6 } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 6 steps expect 1
run vecExhausted { finite and eventually (Ev.fault = PoolExhaustedFault_SP_3 and some live) and eventually (Ev.op = Pop and no Ev.fault) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 5 steps expect 1
run vecAlignment { finite and eventually (Ev.op = Push and no Ev.fault and SEv.blk.eff > MAX_ALIGN) and eventually Ev.fault = AlignmentFault_AC_4 and eventually (Ev.op = Unbind) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 5 steps expect 1
run vecArguments { finite and eventually Ev.fault = ArgumentFault_TY_2 and eventually Ev.fault = ArgumentFault_AC_4 and eventually Ev.fault = ArgumentFault_AC_3 and eventually (Ev.op = Push and no Ev.fault) } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 5 steps expect 1
run vecClose { finite and eventually (Ev.op = Close and some SEv.dtor) and eventually Ev.fault = ClosedFault_SP_8 } for 3 but 2 Type, 2 Binding, 2 Frame, 5 Int, 5 steps expect 1
