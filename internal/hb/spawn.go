package hb

import (
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/syncapi"
)

// SpawnKind says how a goroutine is started.
type SpawnKind uint8

const (
	GoStmt    SpawnKind = iota + 1 // go f(x)
	WGGo                           // wg.Go(f)
	GroupGo                        // g.Go(f), g.TryGo(f)
	AfterFunc                      // time.AfterFunc(d, f), context.AfterFunc(ctx, f)
	ViaCall                        // a call of a function that starts the goroutine (x.StartAsync(), spawn(f))
)

// A Spawn is a goroutine (or timer callback) that the analysed function
// starts, directly or by calling a function that does.
type Spawn struct {
	Kind SpawnKind
	// Instr is the go statement, the Go or AfterFunc call, or the call of
	// the function that starts the goroutine.
	Instr ssa.Instruction
	// Fn is the goroutine's code when it is visible (this package), and
	// Env binds its free variables and parameters in the analysed frame.
	Fn  *ssa.Function
	Env Env
	// Lit is the function literal of the analysed function that the
	// goroutine runs, if any: the go statement's closure, the closure
	// handed to wg.Go, errgroup's Go, time.AfterFunc or a helper.
	Lit *ssa.MakeClosure
	// Callee is the function called when Kind is ViaCall.
	Callee *ssa.Function
	// Sum is the goroutine's summary, translated to the call site, when
	// its code is in another package (Kind ViaCall).
	Sum *Effects
	// Exit are the events implicit at the goroutine's end (wg.Go's Done,
	// an errgroup's Done and slot, a helper's deferred Done).
	Exit []Event
	// Slot is the slot a limited errgroup's Go takes in the spawner.
	Slot *Event
	// Group is the WaitGroup or errgroup of a WGGo or GroupGo spawn.
	Group Loc
	// Runs are function values the goroutine calls that the analysed
	// frame passed in (a helper's parameter): their roots, for callers
	// that resolve them.
	Runs []Loc
	// Invokes is set when the goroutine is an interface method call (go
	// s.Handle(ev)) on a value the analysed frame reaches: the receiver's
	// location, where a fake the frame registered may run.
	Invokes []Invoke
}

// Thread returns the goroutine as a Thread.
func (sp Spawn) Thread() Thread { return Thread{Fn: sp.Fn, Env: sp.Env, Exit: sp.Exit} }

// Spawns returns the goroutines fn starts, in instruction order: go
// statements, wg.Go, errgroup's Go and TryGo, time.AfterFunc and
// context.AfterFunc callbacks, and, through calls, the goroutines of the
// package's functions it calls (maxDepth deep) and of other packages'
// functions whose summaries ([FuncFact]) say they start one. A goroutine
// that runs a function value fn received (spawn(f) with func spawn(f
// func()) { go f() }) is resolved at the call site: when the argument is
// a function literal of the caller, that literal is the goroutine's code.
func (m *Model) Spawns(fn *ssa.Function) []Spawn {
	return m.spawnsOf(fn, 0)
}

func (m *Model) spawnsOf(fn *ssa.Function, depth int) []Spawn {
	if fn == nil {
		return nil
	}
	if s, ok := m.spawns[fn]; ok {
		return s
	}
	m.spawns[fn] = nil // recursion
	if len(fn.Blocks) > maxBlocks {
		return nil
	}
	var out []Spawn
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			switch ins := ins.(type) {
			case *ssa.Go:
				sp := Spawn{Kind: GoStmt, Instr: ins}
				if ins.Call.IsInvoke() {
					// go s.Handle(ev): the method of whatever s holds.
					if l := LocOf(ins.Call.Value); l.Valid() {
						sig, _ := ins.Call.Method.Type().(*types.Signature)
						sp.Invokes = []Invoke{{Recv: l, Method: ins.Call.Method.Name(), Sig: sig, Pos: ins.Pos()}}
					}
				} else {
					m.resolveBody(&sp, ins.Call.Value, ins.Call.Args)
				}
				out = append(out, sp)
			case *ssa.Call:
				out = append(out, m.callSpawns(fn, ins, depth)...)
			}
		}
	}
	m.spawns[fn] = out
	return out
}

// resolveBody sets the goroutine's code from the function value v called
// with args, in fn's frame.
func (m *Model) resolveBody(sp *Spawn, v ssa.Value, args []ssa.Value) {
	switch f := v.(type) {
	case *ssa.MakeClosure:
		g, env := BindClosure(f, nil)
		if g == nil {
			return
		}
		for k, l := range BindCall(g, args, nil) {
			env[k] = l
		}
		sp.Fn, sp.Env, sp.Lit = g, env, f
	case *ssa.Function:
		if m.Local(f) {
			sp.Fn, sp.Env = f, BindCall(f, args, nil)
		}
	default:
		// A function value: the caller may know it.
		if l := LocOf(v); l.Valid() {
			sp.Runs = append(sp.Runs, l)
		}
	}
	if sp.Fn != nil {
		sp.Runs = append(sp.Runs, m.calledValues(sp.Fn, sp.Env)...)
	}
}

// calledValues returns the function values g calls (directly) whose
// roots Env binds: a wrapper goroutine running a function it was given.
func (m *Model) calledValues(g *ssa.Function, env Env) []Loc {
	var out []Loc
	for _, b := range g.Blocks {
		for _, ins := range b.Instrs {
			c, ok := ins.(ssa.CallInstruction)
			if !ok || c.Common().IsInvoke() {
				continue
			}
			switch c.Common().Value.(type) {
			case *ssa.Function, *ssa.MakeClosure, *ssa.Builtin:
				continue
			}
			if l, ok := Translate(c.Common().Value, env); ok {
				out = append(out, l)
			}
		}
	}
	return out
}

// callSpawns returns the goroutines a call starts.
func (m *Model) callSpawns(fn *ssa.Function, ins *ssa.Call, depth int) []Spawn {
	call := &ins.Call
	op, recv := syncapi.CallOp(call)
	switch op {
	case syncapi.WGGo, syncapi.ErrgroupGo, syncapi.ErrgroupTryGo:
		if len(call.Args) == 0 {
			return nil
		}
		sp := Spawn{Kind: WGGo, Instr: ins}
		if recv != nil {
			sp.Group = LocOf(recv)
		}
		m.resolveBody(&sp, call.Args[len(call.Args)-1], nil)
		if op == syncapi.WGGo {
			sp.Exit = []Event{{Kind: WGDone, Obj: sp.Group, Instr: ins, Exit: true}}
		} else {
			sp.Kind = GroupGo
			sp.Exit = []Event{{Kind: GroupDone, Obj: sp.Group, Instr: ins, Exit: true, Cap: CapLarge}}
			if limit, ok := m.groupLimit(fn, sp.Group); ok {
				sp.Exit[0].Cap = limit
				sp.Slot = &Event{Kind: GroupSlot, Obj: sp.Group, Instr: ins, Cap: limit}
			}
		}
		return []Spawn{sp}
	}
	if f := syncapi.Callee(call); afterFuncs[syncapi.StdName(f)] && len(call.Args) > 0 {
		sp := Spawn{Kind: AfterFunc, Instr: ins}
		m.resolveBody(&sp, call.Args[len(call.Args)-1], nil)
		return []Spawn{sp}
	}
	callee, ok := call.Value.(*ssa.Function)
	if !ok || call.IsInvoke() {
		return nil
	}
	if !m.Local(callee) {
		f := m.Fact(callee)
		if f == nil || len(f.Spawns) == 0 {
			return nil
		}
		out := make([]Spawn, 0, len(f.Spawns))
		for i := range f.Spawns {
			ss := &f.Spawns[i]
			sp := Spawn{Kind: ViaCall, Instr: ins, Callee: callee, Sum: ss.translate(call.Args, ins)}
			for _, a := range ss.After {
				if e, ok := a.event(call.Args, ins); ok {
					e.Exit = true
					sp.Exit = append(sp.Exit, e)
				}
			}
			for _, p := range ss.Runs {
				if p >= 0 && p < len(call.Args) {
					sp.Runs = append(sp.Runs, LocOf(call.Args[p]))
				}
			}
			m.resolveRuns(&sp)
			out = append(out, sp)
		}
		return out
	}
	if depth >= maxDepth {
		return nil
	}
	inner := m.spawnsOf(callee, depth+1)
	if len(inner) == 0 {
		return nil
	}
	env := BindCall(callee, call.Args, nil)
	bindResults(env, callee, ins)
	out := make([]Spawn, 0, len(inner))
	for _, in := range inner {
		if m.Joined(callee, in) {
			continue // the callee waits for it: done when the call returns
		}
		sp := Spawn{Kind: ViaCall, Instr: ins, Callee: callee, Fn: in.Fn, Lit: nil}
		if in.Fn != nil {
			sp.Env = composeEnv(in.Env, env)
		}
		sp.Group, _ = TranslateLoc(in.Group, env)
		for _, e := range in.Exit {
			if l, ok := TranslateLoc(e.Obj, env); ok {
				e.Obj = l
			}
			e.Instr = ins
			sp.Exit = append(sp.Exit, e)
		}
		for _, r := range in.Runs {
			if l, ok := TranslateLoc(r, env); ok {
				sp.Runs = append(sp.Runs, l)
			}
		}
		for _, iv := range in.Invokes {
			if l, ok := TranslateLoc(iv.Recv, env); ok {
				iv.Recv, iv.Pos = l, ins.Pos()
				sp.Invokes = append(sp.Invokes, iv)
			}
		}
		if in.Sum != nil {
			sp.Sum = in.Sum.retarget(env, ins)
		}
		m.resolveRuns(&sp)
		out = append(out, sp)
	}
	return out
}

// bindResults binds, in env, the values callee returns to the results of
// the call ins: a goroutine a constructor starts on the object it returns
// (go h.loop(); return h) runs on what the caller holds.
func bindResults(env Env, callee *ssa.Function, ins *ssa.Call) {
	res := results(ins)
	for _, b := range callee.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for i, r := range ret.Results {
			if i >= len(res) || res[i] == nil {
				continue
			}
			if _, bound := env[r]; bound {
				continue // a parameter handed back, or a first return
			}
			switch r.(type) {
			case *ssa.Alloc, *ssa.MakeChan, *ssa.MakeMap, *ssa.MakeSlice:
				env[r] = LocOf(res[i])
			}
		}
	}
}

// results returns the values of a call's results, nil for one not used.
func results(ins *ssa.Call) []ssa.Value {
	t, ok := ins.Type().(*types.Tuple)
	if !ok {
		return []ssa.Value{ins}
	}
	out := make([]ssa.Value, t.Len())
	if ins.Referrers() != nil {
		for _, r := range *ins.Referrers() {
			if ex, ok := r.(*ssa.Extract); ok && ex.Index < len(out) {
				out[ex.Index] = ex
			}
		}
	}
	return out
}

// resolveRuns turns a function value the goroutine runs into its code when
// the analysed frame passed a function literal: spawn(func() {...}). The
// wrapper's own code (recover, Done) stays in Exit.
func (m *Model) resolveRuns(sp *Spawn) {
	for _, r := range sp.Runs {
		mc, ok := r.Root.(*ssa.MakeClosure)
		if !ok || r.Path != "" {
			continue
		}
		g, env := BindClosure(mc, nil)
		if g == nil {
			continue
		}
		// The wrapper's releases (a deferred Done) end the literal's
		// run, as far as the spawner can tell.
		if sp.Fn != nil {
			for _, e := range m.After(Thread{Fn: sp.Fn, Env: sp.Env}, nil) {
				e.Exit = true
				sp.Exit = append(sp.Exit, e)
			}
		} else if sp.Sum != nil {
			for _, e := range sp.Sum.Releases {
				e.Exit = true
				sp.Exit = append(sp.Exit, e)
			}
		}
		sp.Fn, sp.Env, sp.Lit = g, env, mc
		return
	}
}

// composeEnv expresses inner (bindings in a callee's frame) in the frame
// that outer binds the callee's parameters into.
func composeEnv(inner, outer Env) Env {
	env := make(Env, len(inner))
	for k, l := range inner {
		if t, ok := TranslateLoc(l, outer); ok {
			env[k] = t
		} else {
			env[k] = l
		}
	}
	return env
}

// groupLimit returns the limit SetLimit gives the errgroup g in fn: the
// constant argument, CapLarge for another value; ok is false when fn never
// limits g (its Go never blocks).
func (m *Model) groupLimit(fn *ssa.Function, g Loc) (int64, bool) {
	limit, found := int64(0), false
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			c, ok := ins.(*ssa.Call)
			if !ok {
				continue
			}
			op, recv := syncapi.CallOp(&c.Call)
			if op != syncapi.ErrgroupSetLimit || recv == nil || m.Alias(LocOf(recv), g) != Must || len(c.Call.Args) < 2 {
				continue
			}
			n := CapLarge
			if k, ok := c.Call.Args[1].(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
				n, _ = constant.Int64Val(k.Value)
				if n < 0 {
					continue // a negative limit removes it
				}
			}
			if found && n != limit {
				n = CapLarge
			}
			limit, found = n, true
		}
	}
	return limit, found
}

// Joined reports whether fn, having started the goroutine sp, waits on
// some path to a return for something the goroutine releases (t.Run, a
// helper that runs functions in parallel and waits): for fn's callers
// the goroutine's work is done when fn returns.
func (m *Model) Joined(fn *ssa.Function, sp Spawn) bool {
	k := joinKey{fn, sp.Instr}
	if r, ok := m.joined[k]; ok {
		return r
	}
	m.joined[k] = false // recursion
	r := false
	if rels := m.Effects(sp).Releases; len(rels) > 0 {
		t := Thread{Fn: fn}
	blocks:
		for _, b := range fn.Blocks {
			for _, ins := range b.Instrs {
				if ret, ok := ins.(*ssa.Return); ok && m.WaitsBetween(t, sp.Instr, ret, rels) {
					r = true
					break blocks
				}
			}
		}
	}
	m.joined[k] = r
	return r
}

type joinKey struct {
	fn    *ssa.Function
	instr ssa.Instruction
}
