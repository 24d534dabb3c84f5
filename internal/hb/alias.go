package hb

import (
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/syncapi"
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
	if m.runtimeChan(a.Root, 0, nil) || m.runtimeChan(b.Root, 0, nil) {
		return No // a timer's or a context's channel: only the runtime sends or closes it
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

// runtimeChans are calls returning channels only the runtime (or the
// context package) operates on: no user goroutine sends on or closes
// them.
var runtimeChans = map[string]bool{
	"time.After":              true,
	"time.Tick":               true,
	"time.NewTimer":           true, // .C
	"time.NewTicker":          true, // .C
	"(context.Context).Done":  true,
	"(*time.Timer).Reset":     false,
	"os/signal.NotifyContext": false,
}

// runtimeChan reports whether v is such a call, or a call of a package
// function every return of which is one (randomTimeout returning
// time.After(d)).
func (m *Model) runtimeChan(v ssa.Value, depth int, seen map[*ssa.Phi]bool) bool {
	if phi, ok := v.(*ssa.Phi); ok {
		// heartbeat := randomTimeout(d) ... heartbeat = time.After(0)
		if seen == nil {
			seen = make(map[*ssa.Phi]bool)
		}
		if seen[phi] {
			return true // the loop-carried edge: decided by the others
		}
		seen[phi] = true
		for _, e := range phi.Edges {
			if !m.runtimeChan(e, depth, seen) {
				return false
			}
		}
		return len(phi.Edges) > 0
	}
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	if runtimeChans[syncapi.StdName(syncapi.Callee(&call.Call))] {
		return true
	}
	callee, ok := call.Call.Value.(*ssa.Function)
	if !ok || depth > 1 || !m.Local(callee) {
		return false
	}
	found := false
	for _, b := range callee.Blocks {
		for _, ins := range b.Instrs {
			ret, ok := ins.(*ssa.Return)
			if !ok {
				continue
			}
			if len(ret.Results) != 1 || !m.runtimeChan(ret.Results[0], depth+1, nil) {
				return false
			}
			found = true
		}
	}
	return found
}
