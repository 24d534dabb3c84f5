package guardedby

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/lockset"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// This file turns SSA into accesses: each load or store of a struct field
// or package variable, with the object it goes through (as a lock-engine
// key, so that it can be compared with the locks held), the locks held,
// and why it cannot race (exempt), if it cannot.

type kind uint8

const (
	kRead        kind = 1 << iota // a plain load
	kWrite                        // a plain store, or a map/slice element update
	kAtomicRead                   // a sync/atomic load
	kAtomicWrite                  // a sync/atomic store, add, swap, CAS
	kAddr                         // the address handed to a call or stored: the callee may read or write
)

func (k kind) plain() bool  { return k&(kRead|kWrite|kAddr) != 0 }
func (k kind) atomic() bool { return k&(kAtomicRead|kAtomicWrite) != 0 }

// exemption says why an access cannot race with the object's other
// accesses, or why it is not evidence of the protocol.
type exemption uint8

const (
	exNone   exemption = iota
	exOwned            // the object is not shared yet (a fresh allocation, a helper of a constructor)
	exInit             // package initialisation
	exTest             // a _test.go file
	exDebug            // a String method or debug dump
	exIgnore           // +checklocksignore
	exWild             // the function runs with a lock held that we cannot name (…Locked, doc comment), or a deferred closure
)

// An access is one load or store of a field or package variable.
type access struct {
	fn     *ssa.Function
	instr  ssa.Instruction
	pos    token.Pos
	target *types.Var // the field (its generic origin) or the package variable
	kind   kind
	// elem: the access writes the contents (m[k] = v, delete, s[i] = v),
	// not the field itself.
	elem bool
	// owners are the keys of the objects the field sits in, innermost
	// first (c.stats.n: c.stats, then c); nil for a package variable.
	owners []lockset.Key
	// ownerTypes are the types of the owners (pointers or structs).
	ownerTypes []types.Type
	fc         *funcCtx
	held       []lockset.HeldLock
	exempt     exemption
}

// funcCtx is what every access of one function shares.
type funcCtx struct {
	pc     *passCtx
	fn     *ssa.Function
	keyer  *lockset.Keyer
	entry  []lockset.HeldLock // locks held on entry (summaries, annotations, an enclosing function)
	exempt exemption          // for every access of the function
	// ownedParams: parameters that receive an object nobody else sees yet
	// at every call site (a setup helper called by a constructor).
	ownedParams map[int]bool
	pub         []ssa.Instruction // go statements and sends that may publish local objects
}

// selfSync reports whether values of type t synchronize themselves (sync
// and sync/atomic types, structs holding a lock or an atomic): taking their
// address to call a method is not an access to guard.
func selfSync(t types.Type, depth int) bool {
	if depth > 2 {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok && depth == 0 {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj() != nil && n.Obj().Pkg() != nil {
		switch n.Obj().Pkg().Path() {
		case "sync", "sync/atomic":
			return true
		}
	}
	if st, ok := t.Underlying().(*types.Struct); ok {
		for i := 0; i < st.NumFields(); i++ {
			if selfSync(st.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// syncTyped reports whether a field or variable of type t is itself a
// synchronization object (a lock, a WaitGroup, an atomic, a pointer to one):
// its loads are how it is used, not accesses to guard.
func syncTyped(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if a, ok := t.Underlying().(*types.Array); ok {
		t = a.Elem() // [16]atomic.Pointer[T]
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj() != nil && n.Obj().Pkg() != nil {
		switch n.Obj().Pkg().Path() {
		case "sync", "sync/atomic":
			return true
		}
	}
	return false
}

// fieldVar is the field a FieldAddr or Field selects, as its generic origin.
func fieldVar(x ssa.Value, i int) *types.Var {
	f := ssacfg.FieldOf(x.Type(), i)
	if f == nil {
		return nil
	}
	return f.Origin()
}

// collect walks one function and appends its accesses.
func (pc *passCtx) collect(fc *funcCtx) {
	for _, b := range fc.fn.Blocks {
		for _, instr := range b.Instrs {
			switch v := instr.(type) {
			case *ssa.FieldAddr:
				f := fieldVar(v.X, v.Field)
				if f == nil || syncTyped(f.Type()) || !pc.wanted(f) {
					continue
				}
				pc.uses(fc, v, f, v.Pos(), 0)
			case *ssa.Go, *ssa.Send:
				fc.pub = append(fc.pub, instr)
			}
		}
	}
	// Package variables are not instructions: find them as operands.
	var ops []*ssa.Value
	for _, b := range fc.fn.Blocks {
		for _, instr := range b.Instrs {
			ops = instr.Operands(ops[:0])
			for _, op := range ops {
				g, ok := (*op).(*ssa.Global)
				if !ok || g.Pkg == nil {
					continue
				}
				obj, ok := g.Object().(*types.Var)
				if !ok || obj == nil || syncTyped(obj.Type()) || !pc.wanted(obj) {
					continue
				}
				pc.globalUse(fc, g, obj, instr)
			}
		}
	}
}

// uses records how the address addr of field f is used: loads, stores,
// element updates, atomic operations, addresses handed out.
func (pc *passCtx) uses(fc *funcCtx, addr ssa.Value, f *types.Var, pos token.Pos, depth int) {
	refs := addr.Referrers()
	if refs == nil || depth > 2 {
		return
	}
	for _, ref := range *refs {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Addr == addr {
				pc.add(fc, r, f, addr, kWrite, false, pos)
			} else {
				pc.addrTaken(fc, r, f, addr, pos)
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				continue
			}
			pc.add(fc, r, f, addr, kRead, false, pos)
			pc.elemWrites(fc, r, f, addr, pos)
		case *ssa.IndexAddr:
			// An element of an array field: an access to the field.
			if _, isArr := derefType(addr.Type()).Underlying().(*types.Array); isArr {
				pc.uses(fc, r, f, pos, depth+1)
			}
		case *ssa.FieldAddr, *ssa.DebugRef, *ssa.Slice:
			// A field of a struct-valued field: its own access; slicing
			// an array field: its elements' accesses are not tracked.
		case *ssa.Call:
			if k := atomicKind(&r.Call, addr); k != 0 {
				pc.add(fc, r, f, addr, k, false, pos)
				continue
			}
			pc.addrTaken(fc, r, f, addr, pos)
		default:
			pc.addrTaken(fc, ref, f, addr, pos)
		}
	}
}

// addrTaken records an address of the field handed to a call or stored: the
// callee may write through it (heap.Push(&s.queue, x), fmt.Fprintf(&c.buf,
// ...)). Self-synchronizing types are skipped: calling their methods is how
// they are used.
func (pc *passCtx) addrTaken(fc *funcCtx, instr ssa.Instruction, f *types.Var, addr ssa.Value, pos token.Pos) {
	if selfSync(f.Type(), 1) {
		return
	}
	pc.add(fc, instr, f, addr, kAddr, false, pos)
}

// elemWrites records writes into the map or slice loaded from a field
// (m[k] = v, delete(m, k), s[i] = v): they write the field's contents.
func (pc *passCtx) elemWrites(fc *funcCtx, load *ssa.UnOp, f *types.Var, addr ssa.Value, pos token.Pos) {
	refs := load.Referrers()
	if refs == nil {
		return
	}
	for _, ref := range *refs {
		switch r := ref.(type) {
		case *ssa.MapUpdate:
			if r.Map == load {
				pc.add(fc, r, f, addr, kWrite, true, pos)
			}
		case *ssa.Call:
			if syncapi.IsBuiltin(&r.Call, "delete") || syncapi.IsBuiltin(&r.Call, "clear") || syncapi.IsBuiltin(&r.Call, "copy") || inPlace(&r.Call) {
				if len(r.Call.Args) > 0 && r.Call.Args[0] == load {
					pc.add(fc, r, f, addr, kWrite, true, pos)
				}
			}
		case *ssa.IndexAddr:
			if r.X != load {
				continue
			}
			if rr := r.Referrers(); rr != nil {
				for _, u := range *rr {
					if st, ok := u.(*ssa.Store); ok && st.Addr == r {
						pc.add(fc, st, f, addr, kWrite, true, pos)
					}
				}
			}
		}
	}
}

// inPlaceFuncs are the standard functions that reorder or overwrite the
// elements of the slice they take first.
var inPlaceFuncs = map[string]bool{
	"sort.Strings": true, "sort.Ints": true, "sort.Float64s": true,
	"sort.Slice": true, "sort.SliceStable": true,
	"slices.Sort": true, "slices.SortFunc": true, "slices.SortStableFunc": true,
	"slices.Reverse": true,
}

// inPlace reports whether call is one of inPlaceFuncs.
func inPlace(call *ssa.CallCommon) bool {
	fn := syncapi.Callee(call)
	return fn != nil && fn.Pkg() != nil && inPlaceFuncs[fn.Pkg().Path()+"."+fn.Name()]
}

// globalUse records a use of package variable g by instr.
func (pc *passCtx) globalUse(fc *funcCtx, g *ssa.Global, obj *types.Var, instr ssa.Instruction) {
	pos := instr.Pos()
	switch r := instr.(type) {
	case *ssa.Store:
		if r.Addr == g {
			pc.add(fc, r, obj, g, kWrite, false, pos)
			return
		}
		pc.addrTaken(fc, r, obj, g, pos)
	case *ssa.UnOp:
		if r.Op == token.MUL {
			pc.add(fc, r, obj, g, kRead, false, pos)
			pc.elemWrites(fc, r, obj, g, pos)
		}
	case *ssa.FieldAddr, *ssa.DebugRef, *ssa.Slice:
		// A field of a struct variable: recorded as the field's access.
	case *ssa.IndexAddr:
		if _, isArr := derefType(g.Type()).Underlying().(*types.Array); isArr {
			pc.uses(fc, r, obj, r.Pos(), 1)
		}
	case *ssa.Call:
		if k := atomicKind(&r.Call, g); k != 0 {
			pc.add(fc, r, obj, g, k, false, pos)
			return
		}
		pc.addrTaken(fc, r, obj, g, pos)
	default:
		pc.addrTaken(fc, instr, obj, g, pos)
	}
}

// atomicKind classifies a sync/atomic call on the variable at addr: the
// receiver of a method, or the pointer a function takes first.
func atomicKind(call *ssa.CallCommon, addr ssa.Value) kind {
	op, recv := syncapi.CallOp(call)
	if op != syncapi.AtomicRead && op != syncapi.AtomicWrite {
		return 0
	}
	if recv == nil && len(call.Args) > 0 {
		recv = call.Args[0]
	}
	if recv != addr {
		return 0
	}
	if op == syncapi.AtomicWrite {
		return kAtomicWrite
	}
	return kAtomicRead
}

func derefType(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// add records one access. addr is the field's address (a FieldAddr or an
// IndexAddr into one) or the package variable.
func (pc *passCtx) add(fc *funcCtx, instr ssa.Instruction, target *types.Var, addr ssa.Value, k kind, elem bool, pos token.Pos) {
	if !pos.IsValid() {
		pos = instr.Pos()
	}
	if !pos.IsValid() {
		pos = addr.Pos()
	}
	if !pos.IsValid() {
		return // synthetic code (wrappers): nothing to point at
	}
	a := &access{fn: fc.fn, instr: instr, pos: pos, target: target, kind: k, elem: elem, fc: fc, exempt: fc.exempt}
	if fa, ok := addr.(*ssa.IndexAddr); ok {
		addr = fa.X
	}
	if fa, ok := addr.(*ssa.FieldAddr); ok {
		a.owners, a.ownerTypes = pc.ownerChain(fc, fa.X)
		if a.exempt == exNone && len(a.owners) > 0 && pc.owned(fc, a.owners[len(a.owners)-1], instr) {
			a.exempt = exOwned
		}
	}
	a.held = append(pc.locks.HeldAt(instr), fc.entry...)
	pc.accesses = append(pc.accesses, a)
}

// ownerChain returns the keys of x and of the objects x sits in, innermost
// first: for c.stats.n (x = &c.stats), c.stats then c; through a pointer
// field (c.conf.n), c.conf* then c.
func (pc *passCtx) ownerChain(fc *funcCtx, x ssa.Value) ([]lockset.Key, []types.Type) {
	var out []lockset.Key
	var ts []types.Type
	for i := 0; i < 4 && x != nil; i++ {
		k, ok := fc.keyer.Key(x)
		if !ok {
			break
		}
		out = append(out, k)
		ts = append(ts, x.Type())
		switch v := x.(type) {
		case *ssa.FieldAddr:
			x = v.X
		case *ssa.UnOp:
			fa, ok := v.X.(*ssa.FieldAddr)
			if !ok || v.Op != token.MUL {
				return out, ts
			}
			x = fa.X
		default:
			return out, ts
		}
	}
	return out, ts
}

// owned reports whether the object at the root of an access (its outermost
// owner key) belongs to this goroutine alone at instr: a local allocation
// not yet handed to a goroutine or a channel, or a parameter that every
// caller passes such an object to (principle 3: ownership first).
func (pc *passCtx) owned(fc *funcCtx, root lockset.Key, instr ssa.Instruction) bool {
	switch root.Base {
	case lockset.BaseParam:
		return fc.ownedParams[root.Index]
	case lockset.BaseLocal:
		v := root.Val
		for i := 0; i < 3; i++ {
			// (*T)(unsafe.Pointer(&local)): the same local object;
			// pool.Get().(*T): an object no one else holds.
			switch c := v.(type) {
			case *ssa.Convert:
				v = c.X
				continue
			case *ssa.ChangeType:
				v = c.X
				continue
			case *ssa.TypeAssert:
				v = c.X
				continue
			}
			break
		}
		if c, ok := v.(*ssa.Call); ok {
			if fn := syncapi.Callee(&c.Call); (fn == nil || fn.FullName() != "(*sync.Pool).Get") && !pc.freshResult(c, 0) {
				return false
			}
		} else if !isAlloc(v) {
			return false
		}
		for _, p := range fc.pub {
			if ssacfg.MayFollow(p, instr) && (refersTo(p, v) || refersTo(p, root.Val)) {
				return false
			}
		}
		return true
	}
	return false
}

// freshResult reports whether call is a static call of a function of
// this package whose every return hands back a new allocation (t.copy(),
// newT()) that it did not publish: the caller is its only owner.
func (pc *passCtx) freshResult(call *ssa.Call, depth int) bool {
	fn, ok := call.Call.Value.(*ssa.Function)
	if !ok || depth > 2 || fn.Pkg == nil || fn.Pkg.Pkg != pc.pass.Pkg || len(fn.Blocks) == 0 || fn.Signature.Results().Len() < 1 {
		return false
	}
	rets := 0
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch r := instr.(type) {
			case *ssa.Return:
				rets++
				v := r.Results[0]
				switch x := v.(type) {
				case *ssa.Alloc:
					if !x.Heap || !unpublished(x) {
						return false
					}
				case *ssa.Call:
					if !pc.freshResult(x, depth+1) {
						return false
					}
				default:
					return false
				}
			case *ssa.Go, *ssa.Send:
				return false // it may have published the object
			case *ssa.Store:
				if _, isGlobal := r.Addr.(*ssa.Global); isGlobal {
					return false
				}
			}
		}
	}
	return rets > 0
}

// unpublished reports whether the allocation a is only initialised and
// returned: never stored elsewhere, captured, passed to a call or turned
// into an interface.
func unpublished(a *ssa.Alloc) bool {
	refs := a.Referrers()
	if refs == nil {
		return true
	}
	for _, ref := range *refs {
		switch r := ref.(type) {
		case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Return, *ssa.DebugRef:
		case *ssa.Store:
			if r.Val == a {
				return false
			}
		case *ssa.UnOp:
			// a load of the whole value: a copy
		default:
			return false
		}
	}
	return true
}

func isAlloc(v ssa.Value) bool {
	switch v.(type) {
	case *ssa.Alloc:
		return true
	}
	return false
}

// refersTo reports whether a go statement or send passes v (or a closure
// capturing it).
func refersTo(instr ssa.Instruction, v ssa.Value) bool {
	var ops []*ssa.Value
	for _, op := range instr.Operands(ops) {
		if *op == v {
			return true
		}
		if mc, ok := (*op).(*ssa.MakeClosure); ok {
			for _, b := range mc.Bindings {
				if b == v {
					return true
				}
			}
		}
	}
	return false
}

// lockName renders the lock g as seen from an access: "c.mu", "regMu".
func (a *access) lockName(g guard) string {
	if g.global != "" {
		name := g.global
		if i := strings.LastIndexByte(name, '.'); i >= 0 && !strings.Contains(name[i:], "/") {
			name = name[i+1:]
		}
		return name + strings.ReplaceAll(g.path, "*", "")
	}
	if g.up < len(a.owners) {
		return a.ownerName(g.up) + strings.ReplaceAll(g.path, "*", "")
	}
	return strings.TrimPrefix(strings.ReplaceAll(g.path, "*", ""), ".")
}

// expr renders the accessed field or variable: "c.conns", "handlers".
func (a *access) expr() string {
	if len(a.owners) == 0 {
		return a.target.Name()
	}
	return a.ownerName(0) + "." + a.target.Name()
}

// ownerName renders owner i of the access: the source expression when the
// access is a selector in the source (c.stats.n: "c.stats", then "c"), else
// the engine's name for the key.
func (a *access) ownerName(i int) string {
	if x, ok := a.fc.pc.selectorX(a.pos); ok {
		for j := 0; j < i; j++ {
			k := strings.LastIndexByte(x, '.')
			if k < 0 {
				x = ""
				break
			}
			x = x[:k]
		}
		if x != "" {
			return x
		}
	}
	return a.fc.keyer.Display(a.owners[i])
}

// guards returns the guards held at the access, with their modes: every
// held lock rooted at one of the access's owners (relative to the innermost
// owner it extends) or at a package variable.
func (a *access) guards() map[guard]lockset.Mode {
	out := map[guard]lockset.Mode{}
	for _, h := range a.held {
		if h.Mode == lockset.Maybe {
			continue
		}
		if h.Key.Base == lockset.BaseGlobal {
			out[guard{global: h.Key.Name, path: h.Key.Path}] |= h.Mode
		}
		for j, o := range a.owners {
			if o.Base != h.Key.Base || o.Index != h.Key.Index || o.Name != h.Key.Name || o.Val != h.Key.Val {
				continue
			}
			if h.Key.Path == o.Path && j < len(a.ownerTypes) {
				// The object itself used as a sync.Locker: its Lock is
				// the embedded mutex's.
				if p := embeddedLock(a.ownerTypes[j]); p != "" {
					out[guard{up: j, path: p}] |= h.Mode
					break
				}
			}
			if rest, ok := strings.CutPrefix(h.Key.Path, o.Path); ok && rest != "" && (rest[0] == '.' || rest[0] == '*' || rest[0] == '[') {
				out[guard{up: j, path: rest}] |= h.Mode
				break
			}
		}
	}
	return out
}

// holds returns how guard g is held at the access (0: not held): the lock
// itself, or — when the object is reached through another path than the
// lock (db.mu held, dc.db.mu wanted) — a held lock of the same class.
// Two objects of one type are then not told apart: the silent side.
func (a *access) holds(g guard) lockset.Mode {
	if m := a.guards()[g]; m != 0 {
		return m
	}
	if g.global != "" || g.up >= len(a.ownerTypes) {
		return 0
	}
	if i := strings.IndexByte(g.path, '*'); i < 0 || i == len(g.path)-1 {
		return 0 // the lock is in the object itself: the keys must match
	}
	class := guardClass(a.ownerTypes[g.up], g.path)
	if class == "" {
		return 0
	}
	var m lockset.Mode
	for _, h := range a.held {
		if h.Mode != lockset.Maybe && h.Key.Class == class {
			m |= h.Mode
		}
	}
	return m
}

// embeddedLock returns the path of the mutex a struct (or pointer to one)
// embeds (".Mutex", ".RWMutex"), or "".
func embeddedLock(t types.Type) string {
	st, ok := derefType(t).Underlying().(*types.Struct)
	if !ok {
		return ""
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if f.Embedded() && syncapi.IsLockType(f.Type()) {
			if _, isPtr := f.Type().Underlying().(*types.Pointer); isPtr {
				return "." + f.Name() + "*"
			}
			return "." + f.Name()
		}
	}
	return ""
}

// guardClass is the lock engine's class of the lock at path below a value
// of type t: the named struct holding the last field, and the field
// ("pkg.DB.mu").
func guardClass(t types.Type, path string) string {
	segs := strings.FieldsFunc(path, func(r rune) bool { return r == '.' || r == '*' })
	if len(segs) == 0 {
		return ""
	}
	for i, seg := range segs {
		t = derefType(t)
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return ""
		}
		var f *types.Var
		for j := 0; j < st.NumFields(); j++ {
			if st.Field(j).Name() == seg {
				f = st.Field(j)
			}
		}
		if f == nil {
			return ""
		}
		if i == len(segs)-1 {
			name := "struct"
			if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj() != nil {
				n = n.Origin()
				name = n.Obj().Name()
				if n.Obj().Pkg() != nil {
					name = n.Obj().Pkg().Path() + "." + name
				}
			}
			return name + "." + seg
		}
		t = f.Type()
	}
	return ""
}
