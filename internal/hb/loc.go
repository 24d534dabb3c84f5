package hb

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A Loc is a memory location, or a synchronization object (a channel, a
// mutex, a WaitGroup), named by a root value and an access path. Path is a
// sequence of segments, each ending in "/": ".N/" (field N), "[]/" (some
// element of a slice, array or map), "*/" (the pointee of a loaded
// pointer). An empty path is the root itself: for an address (an Alloc, a
// FieldAddr's base) the variable it denotes, for a value (a channel made
// by MakeChan) the value.
//
// Locs are compared within one frame: values of a callee or goroutine are
// first translated into the spawner's frame through an [Env].
type Loc struct {
	Root ssa.Value
	Path string
	// Name is for messages: "s.status", "r.sizes", "a value".
	Name string
}

// Valid reports whether l names something.
func (l Loc) Valid() bool { return l.Root != nil }

// LocOf resolves an address or value to its root and path, through field
// and element selections, loads of pointers, slicing and conversions.
func LocOf(v ssa.Value) Loc {
	path, pretty := "", ""
	for i := 0; i < 32 && v != nil; i++ {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			v = x.X // a Locker made from a *Mutex, a chan in an any
			continue
		case *ssa.ChangeInterface:
			v = x.X
			continue
		case *ssa.Slice:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				path = "*/" + path
				v = x.X
				continue
			}
			if x.Op == token.ARROW && !x.CommaOk {
				// A value received from a channel: an element of it.
				path = "[]/" + path
				pretty = "[…]" + pretty
				v = x.X
				continue
			}
		case *ssa.FieldAddr:
			path = fmt.Sprintf(".%d/", x.Field) + path
			pretty = "." + fieldName(x.X.Type(), x.Field) + pretty
			v = x.X
			continue
		case *ssa.Field:
			path = fmt.Sprintf(".%d/", x.Field) + path
			pretty = "." + fieldName(x.X.Type(), x.Field) + pretty
			v = x.X
			continue
		case *ssa.IndexAddr:
			path = "[]/" + path
			pretty = "[…]" + pretty
			v = x.X
			continue
		case *ssa.Index:
			path = "[]/" + path
			pretty = "[…]" + pretty
			v = x.X
			continue
		case *ssa.Lookup:
			path = "[]/" + path
			pretty = "[…]" + pretty
			v = x.X
			continue
		case *ssa.Extract:
			if rc, ok := x.Tuple.(*ssa.UnOp); ok && rc.Op == token.ARROW && x.Index == 0 {
				// v, ok := <-ch, or a range over a channel: an element.
				path = "[]/" + path
				pretty = "[…]" + pretty
				v = rc.X
				continue
			}
			// A key or value of a range over a map: an element of it.
			if nx, ok := x.Tuple.(*ssa.Next); ok && !nx.IsString && x.Index >= 1 {
				if rg, ok := nx.Iter.(*ssa.Range); ok {
					path = "[]/" + path
					pretty = "[…]" + pretty
					v = rg.X
					continue
				}
			}
		}
		break
	}
	return normalize(Loc{Root: v, Path: path, Name: RootName(v) + pretty})
}

// normalize sees through the cell of a parameter that a closure captures:
// SSA moves such a parameter to a heap variable stored once at entry, so a
// load of that variable is the parameter. It sees through a syntactic
// alias the same way: a captured pointer variable assigned once, where it
// is declared, the address of a local variable (p := &total), denotes
// that variable.
func normalize(l Loc) Loc {
	a, ok := l.Root.(*ssa.Alloc)
	if !ok || !strings.HasPrefix(l.Path, "*/") || a.Referrers() == nil {
		return l
	}
	var val ssa.Value
	var at *ssa.Store
	for _, r := range *a.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == a {
			if val != nil {
				return l // assigned twice
			}
			val, at = st.Val, st
		}
	}
	rest := strings.TrimPrefix(l.Path, "*/")
	switch v := val.(type) {
	case *ssa.Parameter:
		return Loc{Root: v, Path: rest, Name: l.Name}
	case *ssa.Alloc:
		if at.Block() != a.Block() || !aliasable(a) || !aliasable(v) {
			return l // assigned later than declared: a load may see nil
		}
		return Loc{Root: v, Path: rest, Name: RootName(v) + strings.TrimPrefix(l.Name, RootName(a))}
	}
	return l
}

// aliasable reports whether a is a named local variable (not new(T), a
// composite literal or a variadic slice).
func aliasable(a *ssa.Alloc) bool {
	switch a.Comment {
	case "", "complit", "varargs", "slicelit", "new":
		return false
	}
	return true
}

// Sub returns the location at path suffix p below l.
func (l Loc) Sub(p, pretty string) Loc {
	return Loc{Root: l.Root, Path: l.Path + p, Name: l.Name + pretty}
}

// Overlaps reports whether l and m share memory: the same root, and one
// path a prefix of the other.
func (l Loc) Overlaps(m Loc) bool {
	return l.Root == m.Root && (strings.HasPrefix(l.Path, m.Path) || strings.HasPrefix(m.Path, l.Path))
}

func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if s, ok := t.Underlying().(*types.Struct); ok && i >= 0 && i < s.NumFields() {
		return s.Field(i).Name()
	}
	return "?"
}

// RootName names a root value for messages: the variable, parameter,
// free variable or global it is, or "a value".
func RootName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Alloc:
		switch v.Comment {
		case "", "complit", "varargs", "slicelit", "new":
		default:
			return v.Comment
		}
	case *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
		return v.Name()
	}
	return "a value"
}

// An Env maps the free variables and parameters of a function running on
// another goroutine (or called from the frame being analysed) to
// locations in the analysed frame: the bindings of its closure and the
// arguments of its call.
type Env map[ssa.Value]Loc

// Translate expresses v, a value of a function whose free variables and
// parameters env binds, in the analysed frame. ok is false when v's root
// is not bound (a value local to the function, or unknown); the Loc is
// then v's own, in the function's frame. Globals are the same in every
// frame.
func Translate(v ssa.Value, env Env) (Loc, bool) {
	l := LocOf(v)
	return TranslateLoc(l, env)
}

// TranslateLoc is Translate for a location already resolved.
func TranslateLoc(l Loc, env Env) (Loc, bool) {
	if _, ok := l.Root.(*ssa.Global); ok {
		return l, true
	}
	base, ok := env[l.Root]
	if !ok {
		return l, false
	}
	return normalize(Loc{Root: base.Root, Path: base.Path + l.Path, Name: base.Name + strings.TrimPrefix(l.Name, RootName(l.Root))}), true
}

// BindClosure returns the Env of a function literal made by mc: each free
// variable bound to its binding, itself translated through outer (nil:
// the identity, mc is in the analysed frame).
func BindClosure(mc *ssa.MakeClosure, outer Env) (*ssa.Function, Env) {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return nil, nil
	}
	env := make(Env)
	for i, b := range mc.Bindings {
		if i >= len(fn.FreeVars) {
			break
		}
		if outer == nil {
			env[fn.FreeVars[i]] = LocOf(b)
		} else if l, ok := Translate(b, outer); ok {
			env[fn.FreeVars[i]] = l
		}
	}
	return fn, env
}

// BindCall returns the Env of callee called with args: each parameter
// bound to its argument, translated through outer (nil: identity).
func BindCall(callee *ssa.Function, args []ssa.Value, outer Env) Env {
	env := make(Env)
	for i, a := range args {
		if i >= len(callee.Params) {
			break
		}
		if outer == nil {
			env[callee.Params[i]] = LocOf(a)
		} else if l, ok := Translate(a, outer); ok {
			env[callee.Params[i]] = l
		}
	}
	return env
}
