package hb

import (
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Alias says whether two locations may denote the same object.
type Alias uint8

const (
	No   Alias = iota // provably different objects
	May               // unknown: treated as the same where that keeps a pass silent
	Must              // the same root and path
)

// Alias compares two locations of the analysed frame.
//
// Must: the same root and path. No: different objects for certain — two
// allocation sites (make, new, a local variable) with empty paths, one
// allocation that does not escape against anything else, or paths that
// part at a field. Everything else (parameters, globals, values loaded
// from memory, elements of one slice) is May: unknown code is assumed to
// behave well, so a May pair counts as synchronizing.
func (m *Model) Alias(a, b Loc) Alias {
	if !a.Valid() || !b.Valid() {
		return May
	}
	if a.Root == b.Root {
		if a.Path == b.Path {
			return Must
		}
		as, bs := strings.Split(a.Path, "/"), strings.Split(b.Path, "/")
		for i := 0; i < len(as) && i < len(bs); i++ {
			if as[i] == bs[i] {
				continue
			}
			if as[i] == "[]" || bs[i] == "[]" || as[i] == "" || bs[i] == "" {
				return May
			}
			return No // two fields of one object
		}
		return May
	}
	fa, fb := fresh(a.Root), fresh(b.Root)
	switch {
	case fa && fb && a.Path == "" && b.Path == "":
		return No // two allocations
	case fa && a.Path == "" && !m.escapes(a.Root):
		return No // a's object is reachable only through its own root
	case fb && b.Path == "" && !m.escapes(b.Root):
		return No
	}
	if ga, ok := a.Root.(*ssa.Global); ok {
		if gb, ok := b.Root.(*ssa.Global); ok && ga != gb && a.Path == "" && b.Path == "" {
			return No // two package variables
		}
	}
	return May
}

// fresh reports whether v is an allocation: a new object per execution.
func fresh(v ssa.Value) bool {
	switch v.(type) {
	case *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeClosure, *ssa.Alloc:
		return true // Alloc: a local variable, new(T), &T{}
	}
	return false
}

// escapes reports whether an allocation can be reached otherwise than
// through v itself and the closures that capture it: stored into memory,
// converted to an interface, passed to a call other than a concurrency
// API operating on it, returned, sent, or merged in a phi.
func (m *Model) escapes(v ssa.Value) bool {
	if r, ok := m.escape[v]; ok {
		return r
	}
	r := false
	refs := v.Referrers()
	if refs != nil {
		for _, u := range *refs {
			switch u := u.(type) {
			case *ssa.UnOp, *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Field, *ssa.Index,
				*ssa.Select, *ssa.Range, *ssa.MakeClosure, *ssa.DebugRef, *ssa.Lookup:
			case *ssa.Send:
				r = r || u.X == v
			case *ssa.Store:
				r = r || u.Val == v
			case *ssa.MapUpdate:
				r = r || u.Value == v || u.Key == v
			case *ssa.Call:
				if ev, api := apiEvent(&u.Call, u); api && ev.Kind != 0 {
					continue // the operation itself
				}
				if IsBuiltin(&u.Call, "len") || IsBuiltin(&u.Call, "cap") {
					continue
				}
				r = true
			default:
				r = true
			}
			if r {
				break
			}
		}
	}
	m.escape[v] = r
	return r
}
