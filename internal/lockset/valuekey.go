package lockset

import "golang.org/x/tools/go/ssa"

// A Keyer names values of one function the way the engine names locks, so
// that a pass can relate an object to the locks held around its use:
// guardedby asks for the key of the struct a field access goes through
// (the FieldAddr's X) and compares it with the keys of the locks HeldAt
// reports there — s.mu is held and s.n is accessed when the lock's key is
// the object's key plus ".mu".
//
// The keys are exactly those of lock keys: the same base (parameter, free
// variable, global, local SSA value), the same path segments, and the same
// rule that a load through a pointer field the function reassigns gets a
// fresh key (principle 8).
type Keyer struct{ r *resolver }

// NewKeyer returns a Keyer for fn. Building one scans fn once; keep one per
// function.
func NewKeyer(fn *ssa.Function) *Keyer { return &Keyer{r: newResolver(fn)} }

// Key returns the canonical key of v, or false when v cannot be named
// (a dynamic index, a constant, a function).
func (k *Keyer) Key(v ssa.Value) (Key, bool) { return k.r.key(v) }

// Display renders a key of the Keyer's function with its variable names,
// as lock names appear in messages ("s.mu", "c.conns").
func (k *Keyer) Display(key Key) string { return k.r.display(key) }

// Same reports whether two keys of one function denote the same instance.
// Class is ignored: it is a function of the identity, but a key built by
// hand (from a summary) may not carry it.
func Same(a, b Key) bool {
	return a.Base == b.Base && a.Index == b.Index && a.Name == b.Name && a.Val == b.Val && a.Path == b.Path
}

// FromSum is the key of a summary key in the summarised function itself
// (a parameter, free variable or global plus its path).
func FromSum(k SumKey) Key {
	return Key{Base: k.Base, Index: k.Index, Name: k.Name, Path: k.Path, Class: k.Class}
}

// Deref returns the key of the value loaded from the local variable a when
// a is assigned exactly once (a spilled parameter, a captured variable that
// is never reassigned): the key of the assigned value. Closures capture such
// variables by reference, so a pass relating a closure's free variable to
// its enclosing function's locks needs it.
func (k *Keyer) Deref(a *ssa.Alloc) (Key, bool) {
	v := singleStore(a)
	if v == nil {
		return Key{}, false
	}
	return k.r.key(v)
}
