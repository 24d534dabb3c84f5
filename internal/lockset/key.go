package lockset

import (
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/ssacfg"
)

// BaseKind says what a lock key is rooted at.
type BaseKind uint8

const (
	BaseParam   BaseKind = iota + 1 // the function's Params[Index] (the receiver is Params[0])
	BaseFreeVar                     // the closure's FreeVars[Index]
	BaseGlobal                      // the package-level variable Name ("pkgpath.name")
	BaseLocal                       // an SSA value of this function (allocation, call result, phi, ...): Val
)

// Mode is how a lock is held.
type Mode uint8

const (
	Write Mode = 1 // Lock, Locker.Lock
	Read  Mode = 2 // RLock, RLocker().Lock
	Mixed Mode = 3 // held, but the mode differs between paths (joins only)
	// Maybe marks a lock that was held before a call the analysis cannot
	// see into received it: it may have been released. A Maybe lock is
	// neither held nor released for every check (principle 2).
	Maybe Mode = 4
)

func (m Mode) String() string {
	switch m {
	case Write:
		return "write"
	case Read:
		return "read"
	case Mixed:
		return "mixed"
	case Maybe:
		return "maybe"
	}
	return "?"
}

// Key is the canonical identity of one lock instance inside one function:
// a base plus a field path. Two keys are equal exactly when the analysis
// has proven they denote the same lock instance (same SSA value, or the same
// field path from the same parameter/global/free variable with no store to a
// pointer field on the way). Keys are comparable and used as map keys.
//
// Path is a sequence of segments: ".name" (field), "*" (load through a
// pointer) and "[k]" (constant index). Class is the lock's class for
// lock-order reasoning: the named struct type that contains the lock field
// and the field name ("pkg.Store.mu"), or the global's name; it does not
// take part in identity beyond being a function of it.
type Key struct {
	Base  BaseKind
	Index int       // BaseParam, BaseFreeVar
	Name  string    // BaseGlobal
	Val   ssa.Value // BaseLocal
	Path  string
	Class string
}

// Exportable reports whether the key can be expressed relative to the
// function's inputs (parameters, free variables, globals), i.e. whether it
// can appear in a summary.
func (k Key) Exportable() bool { return k.Base != BaseLocal }

// SumKey is the serialisable form of an exportable Key, used in summaries
// and facts.
type SumKey struct {
	Base  BaseKind
	Index int
	Name  string
	Path  string
	Class string
}

func (k Key) sum() SumKey {
	return SumKey{Base: k.Base, Index: k.Index, Name: k.Name, Path: k.Path, Class: k.Class}
}

// String renders the key relative to its function, e.g. "p0.mu", "g:pkg.mu".
func (k SumKey) String() string {
	var b string
	switch k.Base {
	case BaseParam:
		b = "p" + strconv.Itoa(k.Index)
	case BaseFreeVar:
		b = "fv" + strconv.Itoa(k.Index)
	case BaseGlobal:
		b = k.Name
	}
	return b + k.Path
}

// resolver canonicalises lock expressions of one function.
type resolver struct {
	fn *ssa.Function
	// storedFields are the pointer-typed fields this function stores to: a
	// load through such a field is not stable, so it gets a fresh key.
	storedFields map[*types.Var]bool
}

func newResolver(fn *ssa.Function) *resolver {
	r := &resolver{fn: fn, storedFields: map[*types.Var]bool{}}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
				if f := ssacfg.FieldOf(fa.X.Type(), fa.Field); f != nil {
					r.storedFields[f] = true
				}
			}
		}
	}
	return r
}

// className names the struct type whose field i is the lock.
func className(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	f := ssacfg.FieldOf(t, i)
	if f == nil {
		return ""
	}
	name := "struct"
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj() != nil {
		n = n.Origin()
		if n.Obj().Pkg() != nil {
			name = n.Obj().Pkg().Path() + "." + n.Obj().Name()
		} else {
			name = n.Obj().Name()
		}
	}
	return name + "." + f.Name()
}

const maxResolveDepth = 12

// key returns the canonical key of the lock that v (a *sync.Mutex,
// *sync.RWMutex or sync.Locker value) denotes, or false when the lock cannot
// be identified (dynamic index, nil, ...). Unknown locks are not tracked.
func (r *resolver) key(v ssa.Value) (Key, bool) { return r.keyDepth(v, 0) }

func (r *resolver) keyDepth(v ssa.Value, depth int) (Key, bool) {
	if v == nil || depth > maxResolveDepth {
		return Key{}, false
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range r.fn.Params {
			if p == v {
				return Key{Base: BaseParam, Index: i}, true
			}
		}
	case *ssa.FreeVar:
		for i, p := range r.fn.FreeVars {
			if p == v {
				return Key{Base: BaseFreeVar, Index: i}, true
			}
		}
	case *ssa.Global:
		name := v.Name()
		if v.Pkg != nil && v.Pkg.Pkg != nil {
			name = v.Pkg.Pkg.Path() + "." + name
		}
		return Key{Base: BaseGlobal, Name: name, Class: name}, true
	case *ssa.FieldAddr:
		return r.fieldKey(v.X, v.Field, depth)
	case *ssa.Field:
		return r.fieldKey(v.X, v.Field, depth)
	case *ssa.IndexAddr:
		c, ok := v.Index.(*ssa.Const)
		if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
			return Key{}, false // dynamic index: not tracked
		}
		k, ok := r.keyDepth(v.X, depth+1)
		if !ok {
			return k, false
		}
		k.Path += "[" + c.Value.String() + "]"
		return k, true
	case *ssa.UnOp:
		if v.Op != token.MUL {
			break
		}
		if a, ok := v.X.(*ssa.Alloc); ok {
			if sv := singleStore(a); sv != nil {
				return r.keyDepth(sv, depth+1)
			}
		}
		if fa, ok := v.X.(*ssa.FieldAddr); ok {
			if f := ssacfg.FieldOf(fa.X.Type(), fa.Field); f != nil && r.storedFields[f] {
				// The field is reassigned in this function: two loads may
				// yield different objects (principle 8).
				return Key{Base: BaseLocal, Val: v}, true
			}
		}
		k, ok := r.keyDepth(v.X, depth+1)
		if !ok {
			// Loaded from somewhere we cannot name (xs[i]): the loaded
			// pointer itself is one object.
			return Key{Base: BaseLocal, Val: v}, true
		}
		k.Path += "*"
		return k, true
	case *ssa.MakeInterface:
		return r.keyDepth(v.X, depth+1)
	case *ssa.ChangeInterface:
		return r.keyDepth(v.X, depth+1)
	case *ssa.ChangeType:
		return r.keyDepth(v.X, depth+1)
	case *ssa.Const:
		return Key{}, false
	case *ssa.Function:
		return Key{}, false
	}
	if _, ok := v.(ssa.Instruction); ok {
		return Key{Base: BaseLocal, Val: v, Class: localClass(v)}, true
	}
	return Key{}, false
}

func localClass(v ssa.Value) string {
	if a, ok := v.(*ssa.Alloc); ok {
		if fn := a.Parent(); fn != nil {
			return "local " + a.Comment + " in " + fn.String()
		}
	}
	return ""
}

// singleStore returns the only value ever stored in the local variable a
// (a spilled parameter or a captured variable that is never reassigned), or
// nil. Stores by closures that capture a are looked for too.
func singleStore(a *ssa.Alloc) ssa.Value {
	refs := a.Referrers()
	if refs == nil {
		return nil
	}
	var stored ssa.Value
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr != a {
				return nil // a escapes as a stored value
			}
			if stored != nil {
				return nil
			}
			stored = ref.Val
		case *ssa.UnOp:
			if ref.Op != token.MUL {
				return nil
			}
		case *ssa.DebugRef:
		case *ssa.MakeClosure:
			fn, _ := ref.Fn.(*ssa.Function)
			if fn == nil {
				return nil
			}
			for i, b := range ref.Bindings {
				if b == a && (i >= len(fn.FreeVars) || storesTo(fn.FreeVars[i], 0)) {
					return nil
				}
			}
		default:
			return nil
		}
	}
	return stored
}

// storesTo reports whether the captured variable fv may be assigned by the
// closure (or closures nested in it).
func storesTo(fv *ssa.FreeVar, depth int) bool {
	if depth > 3 {
		return true
	}
	refs := fv.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.Store:
			return true
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			fn, _ := ref.Fn.(*ssa.Function)
			if fn == nil {
				return true
			}
			for i, b := range ref.Bindings {
				if b == fv && (i >= len(fn.FreeVars) || storesTo(fn.FreeVars[i], depth+1)) {
					return true
				}
			}
		default:
			return true
		}
	}
	return false
}

// appendPath extends base by a callee-relative path, resolving a leading
// load through a never-reassigned local variable.
func (r *resolver) appendPath(base Key, path, class string) Key {
	if strings.HasPrefix(path, "*") && base.Base == BaseLocal && base.Path == "" {
		if a, ok := base.Val.(*ssa.Alloc); ok {
			if sv := singleStore(a); sv != nil {
				if k, ok := r.key(sv); ok {
					base = k
					path = path[1:]
				}
			}
		}
	}
	base.Path += path
	if path != "" && class != "" {
		base.Class = class
	}
	return base
}

// translate maps a key of callee (relative to its parameters, free
// variables or globals) to a key of the caller, given the call's arguments
// (receiver first) and, for closures, the bindings of its free variables.
func (r *resolver) translate(k SumKey, args, bindings []ssa.Value) (Key, bool) {
	var base Key
	switch k.Base {
	case BaseGlobal:
		base = Key{Base: BaseGlobal, Name: k.Name, Class: k.Name}
	case BaseParam:
		if k.Index >= len(args) {
			return Key{}, false
		}
		b, ok := r.key(args[k.Index])
		if !ok {
			return Key{}, false
		}
		base = b
	case BaseFreeVar:
		if k.Index >= len(bindings) {
			return Key{}, false
		}
		b, ok := r.key(bindings[k.Index])
		if !ok {
			return Key{}, false
		}
		base = b
	default:
		return Key{}, false
	}
	return r.appendPath(base, k.Path, k.Class), true
}

// display renders k for messages using the function's variable names,
// e.g. "s.mu", "mu", "(*s).mu".
func (r *resolver) display(k Key) string {
	var b string
	switch k.Base {
	case BaseParam:
		if k.Index < len(r.fn.Params) {
			b = r.fn.Params[k.Index].Name()
		}
	case BaseFreeVar:
		if k.Index < len(r.fn.FreeVars) {
			b = r.fn.FreeVars[k.Index].Name()
		}
	case BaseGlobal:
		b = k.Name
		if i := strings.LastIndexByte(b, '.'); i >= 0 && !strings.Contains(b[i:], "/") {
			b = b[i+1:]
		}
	case BaseLocal:
		if a, ok := k.Val.(*ssa.Alloc); ok && a.Comment != "" {
			b = a.Comment
		} else if k.Val != nil {
			b = k.Val.Name()
		}
	}
	return b + strings.ReplaceAll(k.Path, "*", "")
}

// fieldKey is the key of field i of x (x.f for a struct value, &x.f for a
// pointer): x's key with the field appended to its path and the field's
// class.
func (r *resolver) fieldKey(x ssa.Value, i int, depth int) (Key, bool) {
	k, ok := r.keyDepth(x, depth+1)
	if !ok {
		return k, false
	}
	f := ssacfg.FieldOf(x.Type(), i)
	if f == nil {
		return Key{}, false
	}
	k.Path += "." + f.Name()
	k.Class = className(x.Type(), i)
	return k, true
}
