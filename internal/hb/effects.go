package hb

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/syncapi"
)

// Effects is what a goroutine does that its spawner can observe, in the
// spawner's frame.
type Effects struct {
	// Writes are the locations it writes: stores, map updates and
	// deletes, atomic writes, in its own code, the function literals it
	// makes, the package's functions it calls (through their parameters),
	// and function literals of the spawner it calls.
	Writes []Write
	// Invokes are interface methods it calls on values the spawner can
	// reach (p.store.Save(msg)): a fake the spawner supplied runs there.
	Invokes []Invoke
	// Calls are function values it calls, loaded from locations the
	// spawner can reach (p.onErr(err)): a callback the spawner supplied
	// runs there.
	Calls []Loc
	// Releases are its release events (and exit events).
	Releases []Event
}

// A Write is a location a goroutine writes.
type Write struct {
	Loc Loc
	// Pos is where the write happens: in the goroutine, or the call in it
	// that leads to the write; for summaries of other packages, the call
	// that starts the goroutine.
	Pos token.Pos
	// Synced: atomic, or made with a lock held.
	Synced bool
}

// An Invoke is an interface method call on a value loaded from Recv.
type Invoke struct {
	Recv   Loc
	Method string
	Sig    *types.Signature // nil for summaries of other packages
	Pos    token.Pos
}

// maxEffectInstrs bounds the instructions Effects visits per goroutine.
const maxEffectInstrs = 20000

// Effects returns what the goroutine sp does that its spawner can see.
func (m *Model) Effects(sp Spawn) *Effects {
	if sp.Fn == nil {
		e := &Effects{}
		if sp.Sum != nil {
			*e = *sp.Sum
			e.Releases = append([]Event(nil), e.Releases...)
		}
		e.Releases = append(e.Releases, sp.Exit...)
		// go w.handler(ev): the function value it runs is a call.
		e.Calls = append(append([]Loc(nil), e.Calls...), sp.Runs...)
		e.Invokes = append(append([]Invoke(nil), e.Invokes...), sp.Invokes...)
		return e
	}
	e := &Effects{}
	m.budget = maxEffectInstrs
	m.walk(sp.Fn, sp.Env, 0, false, e, token.NoPos)
	e.Releases = m.After(sp.Thread(), nil)
	if sp.Sum != nil {
		e.Writes = append(e.Writes, sp.Sum.Writes...)
		e.Invokes = append(e.Invokes, sp.Sum.Invokes...)
		e.Calls = append(e.Calls, sp.Sum.Calls...)
		e.Releases = append(e.Releases, sp.Sum.Releases...)
	}
	return e
}

// CodeWrites returns the writes of fn (a function of the package, run
// with env) through the locations env binds: what Effects finds, for code
// that is not a goroutine (a fake's method, a callback).
func (m *Model) CodeWrites(fn *ssa.Function, env Env, at token.Pos) []Write {
	e := &Effects{}
	m.budget = maxEffectInstrs
	m.walk(fn, env, 1, false, e, at)
	return e.Writes
}

// SyncWrites returns the writes fn makes through env before it returns:
// CodeWrites without the function literals it creates (goroutines,
// timer callbacks and handlers it arms run later, if at all).
func (m *Model) SyncWrites(fn *ssa.Function, env Env) []Write {
	e := &Effects{}
	m.budget = maxEffectInstrs
	m.syncOnly = true
	m.walk(fn, env, 1, false, e, token.NoPos)
	m.syncOnly = false
	return e.Writes
}

// walk collects fn's effects through env. held says a lock is held where
// fn is called; at, when valid, is the position to report writes at (the
// call in the goroutine leading to them).
func (m *Model) walk(fn *ssa.Function, env Env, depth int, held bool, out *Effects, at token.Pos) {
	if depth > maxDepth || len(fn.Blocks) == 0 || m.budget <= 0 {
		return
	}
	for _, b := range fn.Blocks {
		m.budget -= len(b.Instrs)
	}
	pos := func(ins ssa.Instruction) token.Pos {
		if at.IsValid() {
			return at
		}
		return ins.Pos()
	}
	add := func(v ssa.Value, suffix string, ins ssa.Instruction, atomic bool) {
		if l, ok := Translate(v, env); ok {
			l.Path += suffix
			p := pos(ins)
			if !p.IsValid() && len(out.Writes) > 0 {
				p = out.Writes[len(out.Writes)-1].Pos
			}
			out.Writes = append(out.Writes, Write{Loc: l, Pos: p, Synced: atomic || held || m.Locked(ins)})
		}
	}
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case *ssa.Store:
				add(ins.Addr, "", ins, false)
			case *ssa.MapUpdate:
				add(ins.Map, "[]/", ins, false)
			case *ssa.MakeClosure:
				inner, ok := ins.Fn.(*ssa.Function)
				if !ok || m.syncOnly {
					continue
				}
				env2 := make(Env)
				for i, bnd := range ins.Bindings {
					if i >= len(inner.FreeVars) {
						continue
					}
					if l, ok := Translate(bnd, env); ok {
						env2[inner.FreeVars[i]] = l
					}
				}
				if len(env2) > 0 {
					m.walk(inner, env2, depth+1, held, out, at)
				}
			case ssa.CallInstruction:
				if _, isGo := ins.(*ssa.Go); isGo {
					continue // another goroutine: its own spawn
				}
				m.walkCall(ins, env, depth, held, out, pos(ins))
			}
		}
	}
}

func (m *Model) walkCall(ins ssa.CallInstruction, env Env, depth int, held bool, out *Effects, at token.Pos) {
	call := ins.Common()
	if op, recv := syncapi.CallOp(call); op == syncapi.AtomicWrite {
		if recv == nil && len(call.Args) > 0 {
			recv = call.Args[0]
		}
		if recv != nil {
			if l, ok := Translate(recv, env); ok {
				out.Writes = append(out.Writes, Write{Loc: l, Pos: at, Synced: true})
			}
		}
		return
	} else if op != syncapi.None {
		return
	}
	if IsBuiltin(call, "delete") && len(call.Args) > 0 {
		if l, ok := Translate(call.Args[0], env); ok {
			l.Path += "[]/"
			out.Writes = append(out.Writes, Write{Loc: l, Pos: at, Synced: held || m.Locked(ins)})
		}
		return
	}
	if call.IsInvoke() {
		if l, ok := Translate(call.Value, env); ok {
			sig, _ := call.Method.Type().(*types.Signature)
			out.Invokes = append(out.Invokes, Invoke{Recv: l, Method: call.Method.Name(), Sig: sig, Pos: at})
		}
		return
	}
	lockedHere := held || m.Locked(ins)
	switch f := call.Value.(type) {
	case *ssa.Builtin:
		return
	case *ssa.Function:
		if !m.Local(f) {
			return // another package's body
		}
		env2 := make(Env)
		for i, a := range call.Args {
			if i < len(f.Params) {
				if l, ok := Translate(a, env); ok {
					env2[f.Params[i]] = l
				}
			}
		}
		if len(env2) > 0 {
			m.walk(f, env2, depth+1, lockedHere, out, at)
		}
	case *ssa.MakeClosure:
		// Called in place: its captures are the caller's.
		g, env2 := BindClosure(f, env)
		if g != nil && len(env2) > 0 {
			m.walk(g, env2, depth+1, lockedHere, out, at)
		}
	default:
		l, ok := Translate(call.Value, env)
		if !ok {
			return
		}
		if mc, isLit := l.Root.(*ssa.MakeClosure); isLit && l.Path == "" {
			// A literal of the analysed frame, handed to the goroutine.
			g, env2 := BindClosure(mc, nil)
			if g != nil {
				m.walk(g, env2, depth+1, lockedHere, out, at)
			}
			return
		}
		out.Calls = append(out.Calls, l)
	}
}

// A Read is a location a function reads through its parameters.
type Read struct {
	Loc    Loc // rooted at a parameter of the function
	Synced bool
}

// ParamReads returns the memory fn (a function of the package, or one
// with a summary) reads through its parameters, relative to them: loads,
// map lookups and ranges, atomic loads, and the same in the package
// functions it calls (maxDepth deep), at most 64.
func (m *Model) ParamReads(fn *ssa.Function) []LocSum {
	if !m.Local(fn) {
		if f := m.Fact(fn); f != nil {
			return f.Reads
		}
		return nil
	}
	var out []LocSum
	for _, r := range m.paramReads(fn, 0, map[*ssa.Function]bool{}) {
		if ls, ok := locSum(fn, r.Loc, r.Synced); ok {
			out = append(out, ls)
		}
	}
	return out
}

func (m *Model) paramReads(fn *ssa.Function, depth int, seen map[*ssa.Function]bool) []Read {
	if depth > maxDepth || len(fn.Blocks) == 0 || seen[fn] {
		return nil
	}
	seen[fn] = true
	defer delete(seen, fn)
	var out []Read
	param := func(l Loc) bool {
		p, ok := l.Root.(*ssa.Parameter)
		return ok && p.Parent() == fn
	}
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case *ssa.UnOp:
				if ins.Op == token.MUL {
					if l := LocOf(ins.X); param(l) {
						out = append(out, Read{l, m.Locked(ins)})
					}
				}
			case *ssa.Lookup:
				if l := LocOf(ins.X); param(l) {
					l.Path += "[]/"
					out = append(out, Read{l, m.Locked(ins)})
				}
			case *ssa.Range:
				if l := LocOf(ins.X); param(l) {
					l.Path += "[]/"
					out = append(out, Read{l, m.Locked(ins)})
				}
			case *ssa.Call:
				call := &ins.Call
				if op, recv := syncapi.CallOp(call); op == syncapi.AtomicRead {
					if recv == nil && len(call.Args) > 0 {
						recv = call.Args[0]
					}
					if recv != nil {
						if l := LocOf(recv); param(l) {
							out = append(out, Read{l, true})
						}
					}
					continue
				}
				callee, ok := call.Value.(*ssa.Function)
				if !ok || call.IsInvoke() || !m.Local(callee) {
					continue
				}
				for _, r := range m.paramReads(callee, depth+1, seen) {
					idx := -1
					for i, p := range callee.Params {
						if p == r.Loc.Root {
							idx = i
						}
					}
					if idx < 0 || idx >= len(call.Args) {
						continue
					}
					if l := LocOf(call.Args[idx]); param(l) {
						out = append(out, Read{Loc{Root: l.Root, Path: l.Path + r.Loc.Path, Name: l.Name + strings.TrimPrefix(r.Loc.Name, RootName(r.Loc.Root))}, r.Synced || m.Locked(ins)})
					}
				}
			}
		}
		if len(out) > 64 {
			return out[:64] // budget
		}
	}
	return out
}
