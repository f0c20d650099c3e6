module context
open common

/*
 * AC-1..AC-4: the alignment context, a stack of bound maxima. bind is the entry of
 * AlignmentContext.run(max, action), unbind its exit; the steps between run inside the action.
 * Unbound, the current maximum is MaxAlign's (2 units = 16 bytes). The Java ceiling (4096 bytes)
 * is beyond the model's integers: the model rejects what is not a power of two (AC-3).
 */

sig Binding {
  bmax: one Int,
  outer: lone Binding
}

one sig Ctx {
  var inner: lone Binding,
  var usedBindings: set Binding
}

fun MAX_ALIGN: Int { 2 }

-- AC-1
fun currentMax: Int {
  some Ctx.inner implies Ctx.inner.bmax else MAX_ALIGN
}

pred ctxInit {
  no Ctx.inner
  no Ctx.usedBindings
}

pred ctxUnchanged {
  Ctx.inner' = Ctx.inner
  Ctx.usedBindings' = Ctx.usedBindings
}

-- AC-2, AC-3: binding a power of two pushes it.
pred bind[b: Binding, m: Int] {
  isPow2[m]
  b not in Ctx.usedBindings
  b.bmax = m
  b.outer = Ctx.inner
  Ctx.inner' = b
  Ctx.usedBindings' = Ctx.usedBindings + b
  label[Bind, none, none, none, m, none]
}

-- AC-3: anything else is an ArgumentFault and the action does not run.
pred bindRejected[m: Int] {
  one m
  not isPow2[m]
  ctxUnchanged
  label[Bind, none, none, none, m, ArgumentFault_AC_3]
}

-- AC-2: the action ended; the innermost binding is undone.
pred unbind {
  some Ctx.inner
  Ctx.inner' = Ctx.inner.outer
  Ctx.usedBindings' = Ctx.usedBindings
  label[Unbind, none, none, none, none, none]
}

-- AC-4: the faults an allocation's alignment can raise.
fun alignFaults[t: Type, a: Int]: set Fault {
  (not isPow2[a] implies ArgumentFault_AC_4 else none)
  + (isPow2[a] and effAlign[t, a] > currentMax implies AlignmentFault_AC_4 else none)
}
