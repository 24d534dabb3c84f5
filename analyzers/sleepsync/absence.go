package sleepsync

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/hb"
	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// Absence checks (precision rule A).
//
// After "wait a bit to see that nothing happens" the test asserts that the
// goroutine has NOT yet changed a variable: if n.Load() != 0 { t.Fatal() },
// if acc >= N { t.Fatal() }. A slow goroutine makes such a check pass, never
// fail, so the sleep is not used as synchronization. The read is exempt
// when all of these hold:
//
//   - it is race-free by itself: an atomic load, or a load made while a
//     lock is held (a plain unlocked read of a variable the goroutine
//     writes is a data race whatever it is compared with, and is reported);
//   - the value the variable held before the goroutine could change it is
//     one known constant I: the zero value of a variable allocated in this
//     function with no dominating store, and every constant the function
//     stores to it (plain or atomic Store) on a path to the read; any other
//     store, atomic Add/Swap/CAS, or a pointer to it handed to a call makes
//     I unknown and the read is not exempt;
//   - every use of the loaded value is either a comparison with a constant
//     K (==, !=, <, <=, >, >=, or the bool itself, or its negation) feeding
//     an if whose branch for "the comparison disagrees with x == I" leads to
//     a test failure (t.Error/Errorf/Fail/Fatal/Fatalf/FailNow, panic,
//     os.Exit, log.Fatal) in its failure region: the blocks that branch
//     dominates and the other branch cannot reach (so the code after the
//     if, with its own later t.Fatal calls, does not count); or
//     an operand formatted into a message (an argument of a variadic call
//     of fmt, log or testing: t.Logf("got %d", n)); or a use inside such a
//     failure branch.
//
// The positive form, "if n.Load() != 3 { t.Fatal() }" after a sleep meant to
// let three things happen, evaluates to "fail" at x == I and stays reported.
// Reads inside the failure branch of an exempt check (the t.Fatalf argument
// n.Load()) are exempt too.

// absenceCheck reports whether the read r, of memory the goroutine writes,
// is an absence check, and returns the successor blocks that the check
// enters when the variable has changed (its failure branches).
func (pc *passCtx) absenceCheck(fn *ssa.Function, r ssa.Instruction) (map[*ssa.BasicBlock]bool, bool) {
	var x ssa.Value // the loaded value
	var addr ssa.Value
	var at hb.Loc // where it is loaded from, when not addr
	switch r := r.(type) {
	case *ssa.UnOp:
		if r.Op != token.MUL || !pc.lockedAt(r) {
			return nil, false // not a load, or a plain unlocked read: a data race
		}
		x, addr = r, r.X
	case *ssa.Call:
		op, recv := syncapi.CallOp(&r.Call)
		if op != syncapi.AtomicRead {
			// A getter returning one race-free load (d.Fired()).
			l, ok := pc.getter(&r.Call)
			if !ok {
				return nil, false // a call reading through its parameters
			}
			x, at = r, l
			break
		}
		if recv == nil && len(r.Call.Args) > 0 {
			recv = r.Call.Args[0]
		}
		if recv == nil {
			return nil, false
		}
		x, addr = r, recv
	default:
		return nil, false // map lookups and ranges: not a scalar compared with a constant
	}
	if addr != nil {
		at = hb.LocOf(addr)
	}
	init, ok := pc.initialValue(fn, r, at, x.Type())
	if !ok {
		return nil, false // the value before the goroutine ran is not one known constant
	}
	refs := x.Referrers()
	if refs == nil {
		return nil, false
	}
	// First the comparisons, which give the failure branches; then every
	// other use must lie in one of them or be formatted into a message.
	fails := make(map[*ssa.BasicBlock]bool)
	var others []ssa.Instruction
	for _, u := range *refs {
		changed, unchanged, isCmp, ok := changedBranch(x, u, init)
		if !isCmp {
			others = append(others, u)
			continue
		}
		if !ok {
			return nil, false // not evaluable at the initial value
		}
		region := failureRegion(changed, unchanged)
		if !leadsToFailure(region) {
			return nil, false // a positive check, or the "changed" branch does not fail
		}
		for b := range region {
			fails[b] = true
		}
	}
	if len(fails) == 0 {
		return nil, false // not compared at all: the value is used
	}
	for _, u := range others {
		if fails[u.Block()] || messageUse(u) {
			continue // on the failure path, or printed
		}
		return nil, false // used otherwise
	}
	return fails, true
}

// failureRegion returns the blocks that run only when the check found a
// change: dominated by the changed successor and not reachable from the
// unchanged one (the code after the if is reachable from both, and is not
// part of the failure branch).
func failureRegion(changed, unchanged *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	other := ssacfg.Reach(ssacfg.Succs, unchanged)
	region := make(map[*ssa.BasicBlock]bool)
	for _, b := range changed.Parent().Blocks {
		if changed.Dominates(b) && !other[b] {
			region[b] = true
		}
	}
	return region
}

// changedBranch examines a use u of the loaded value x. isCmp reports
// whether u is a comparison of x with a constant that feeds an if (or x
// itself, or !x, as the condition). When it is, ok reports whether the
// comparison's outcome at x == init could be evaluated; changed is the
// successor taken when the outcome differs from that (the variable has
// changed), unchanged the other one.
func changedBranch(x ssa.Value, u ssa.Instruction, init constant.Value) (changed, unchanged *ssa.BasicBlock, isCmp, ok bool) {
	var atInit bool
	var cond ssa.Value
	switch u := u.(type) {
	case *ssa.If:
		b, isBool := constBool(init)
		if !isBool {
			return nil, nil, true, false
		}
		// x itself is the condition.
		if b {
			return u.Block().Succs[1], u.Block().Succs[0], true, true
		}
		return u.Block().Succs[0], u.Block().Succs[1], true, true
	case *ssa.UnOp:
		if u.Op != token.NOT {
			return nil, nil, false, false
		}
		b, isBool := constBool(init)
		if !isBool {
			return nil, nil, true, false
		}
		atInit, cond = !b, u
	case *ssa.BinOp:
		var k *ssa.Const
		op := u.Op
		switch {
		case u.X == x:
			k, _ = u.Y.(*ssa.Const)
		case u.Y == x:
			k, _ = u.X.(*ssa.Const)
			op = flip(op)
		}
		if k == nil {
			return nil, nil, false, false // not compared with a constant
		}
		switch op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		default:
			return nil, nil, false, false // arithmetic: a derived value
		}
		v, evaluated := compare(init, op, k)
		if !evaluated {
			return nil, nil, true, false
		}
		atInit, cond = v, u
	default:
		return nil, nil, false, false
	}
	// The condition must feed exactly one if.
	refs := cond.Referrers()
	if refs == nil || len(*refs) != 1 {
		return nil, nil, true, false
	}
	iff, isIf := (*refs)[0].(*ssa.If)
	if !isIf || len(iff.Block().Succs) != 2 {
		return nil, nil, true, false
	}
	// Succs[0] is taken when the condition is true.
	if atInit {
		return iff.Block().Succs[1], iff.Block().Succs[0], true, true
	}
	return iff.Block().Succs[0], iff.Block().Succs[1], true, true
}

func constBool(v constant.Value) (bool, bool) {
	if v == nil || v.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(v), true
}

// flip mirrors a comparison for swapped operands (K < x is x > K).
func flip(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.LEQ:
		return token.GEQ
	case token.GTR:
		return token.LSS
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// nilValue stands for the nil of pointer-like types in initial values.
var nilValue = constant.MakeUnknown()

// compare evaluates init op k, when both are known constants.
func compare(init constant.Value, op token.Token, k *ssa.Const) (bool, bool) {
	if init == nilValue || k.Value == nil {
		// nil only compares equal or not with nil.
		if init != nilValue || !k.IsNil() || (op != token.EQL && op != token.NEQ) {
			return false, false
		}
		return op == token.EQL, true
	}
	a, b := init.Kind(), k.Value.Kind()
	numeric := func(k constant.Kind) bool {
		return k == constant.Int || k == constant.Float || k == constant.Complex
	}
	if a != b && (!numeric(a) || !numeric(b)) {
		return false, false
	}
	if (a == constant.Bool || a == constant.Complex) && op != token.EQL && op != token.NEQ {
		return false, false
	}
	return constant.Compare(init, op, k.Value), true
}

// zeroOf returns the zero value of t as a constant (nilValue for nil-able
// types), or nil when t has none we compare (structs, arrays).
func zeroOf(t types.Type) constant.Value {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return constant.MakeBool(false)
		case u.Info()&types.IsString != 0:
			return constant.MakeString("")
		case u.Info()&types.IsNumeric != 0:
			return constant.MakeInt64(0)
		case u.Kind() == types.UnsafePointer || u.Kind() == types.UntypedNil:
			return nilValue
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return nilValue
	}
	return nil
}

// initialValue returns the one constant the memory at l (read by r, as a
// value of type t) holds before the goroutine changes it, as seen in fn.
func (pc *passCtx) initialValue(fn *ssa.Function, r ssa.Instruction, l hb.Loc, t types.Type) (constant.Value, bool) {
	var vals []constant.Value
	dominated := false // a store dominates the read: the zero value is overwritten
	overlaps := func(o hb.Loc) bool {
		return o.Root == l.Root && (prefix(o.Path, l.Path) || prefix(l.Path, o.Path))
	}
	for _, b := range fn.Blocks {
		for _, ins := range b.Instrs {
			if ins == r || !ssacfg.MayFollow(ins, r) {
				continue // cannot precede the read
			}
			var stored ssa.Value // the value written, nil when unknown
			var to hb.Loc
			switch ins := ins.(type) {
			case *ssa.Store:
				to = hb.LocOf(ins.Addr)
				stored = ins.Val
			case *ssa.MapUpdate:
				if overlaps(hb.LocOf(ins.Map)) {
					return nil, false
				}
				continue
			case *ssa.Call:
				op, recv := syncapi.CallOp(&ins.Call)
				switch op {
				case syncapi.AtomicRead:
					continue // reads do not change it
				case syncapi.AtomicWrite:
					if recv == nil && len(ins.Call.Args) > 0 {
						recv = ins.Call.Args[0]
					}
					if recv == nil {
						continue
					}
					to = hb.LocOf(recv)
					if f := syncapi.Callee(&ins.Call); f != nil && strings.HasPrefix(f.Name(), "Store") && len(ins.Call.Args) > 0 {
						stored = ins.Call.Args[len(ins.Call.Args)-1]
					}
				default:
					// A pointer to the memory handed to a call: the callee
					// may set it to anything, unless it is a function of
					// the package that (before returning) does not.
					for _, a := range ins.Call.Args {
						if _, isPtr := a.Type().Underlying().(*types.Pointer); isPtr && overlaps(hb.LocOf(a)) && pc.maySet(&ins.Call, l) {
							return nil, false
						}
					}
					continue
				}
			default:
				continue // not a write
			}
			if !overlaps(to) {
				continue // other memory
			}
			c, isConst := stored.(*ssa.Const)
			if !isConst {
				return nil, false // an unknown value (or Add, Swap, CAS)
			}
			var v constant.Value
			switch {
			case !prefix(to.Path, l.Path):
				return nil, false // a store to a part of the memory
			case c.Value == nil:
				v = zeroOf(t) // a zero store to the memory or what contains it
			case to.Path == l.Path:
				v = c.Value
			}
			if v == nil {
				return nil, false // no comparable constant
			}
			vals = append(vals, v)
			if ssacfg.Before(ins, r) {
				dominated = true
			}
		}
	}
	if !dominated {
		if _, fresh := l.Root.(*ssa.Alloc); !fresh && !pc.ctorZero(l) {
			return nil, false // a parameter, global or call result: unknown contents
		}
		vals = append(vals, zeroOf(t))
	}
	if len(vals) == 0 || vals[0] == nil {
		return nil, false
	}
	for _, v := range vals[1:] {
		if v == nil || !sameConst(v, vals[0]) {
			return nil, false // several possible values
		}
	}
	return vals[0], true
}

func sameConst(a, b constant.Value) bool {
	if a == nilValue || b == nilValue {
		return a == b
	}
	if a.Kind() == constant.Bool || b.Kind() == constant.Bool || a.Kind() == constant.String || b.Kind() == constant.String {
		return a.Kind() == b.Kind() && constant.Compare(a, token.EQL, b)
	}
	return constant.Compare(a, token.EQL, b)
}

// leadsToFailure reports whether a block of the failure region calls a
// test failure (or never returns: panic, os.Exit, log.Fatal, t.Fatal). A
// t.Skip is not a failure.
func leadsToFailure(region map[*ssa.BasicBlock]bool) bool {
	for b := range region {
		for _, ins := range b.Instrs {
			call, ok := ins.(*ssa.Call)
			if !ok {
				continue
			}
			if syncapi.IsTestFailureCall(&call.Call) {
				return true
			}
			if syncapi.IsNoReturnCall(&call.Call) {
				if f := syncapi.Callee(&call.Call); f != nil && strings.HasPrefix(f.Name(), "Skip") {
					continue // a skip, not a failure
				}
				if f := syncapi.Callee(&call.Call); f != nil && f.FullName() == "runtime.Goexit" {
					continue // ends the goroutine, fails nothing
				}
				return true
			}
		}
	}
	return false
}

// messageUse reports whether u only formats the value into a message: a
// conversion to interface stored into the variadic argument array of a
// call to a function of fmt, log or testing (t.Logf("%d", n)).
func messageUse(u ssa.Instruction) bool {
	mi, ok := u.(*ssa.MakeInterface)
	if !ok || mi.Referrers() == nil {
		return false
	}
	for _, ref := range *mi.Referrers() {
		st, ok := ref.(*ssa.Store)
		if !ok || st.Val != mi {
			return false
		}
		ia, ok := st.Addr.(*ssa.IndexAddr)
		if !ok {
			return false
		}
		arr, ok := ia.X.(*ssa.Alloc)
		if !ok || arr.Comment != "varargs" || !formattedBy(arr) {
			return false
		}
	}
	return true
}

// formattedBy reports whether the varargs array arr is passed only to
// calls of fmt, log or testing functions.
func formattedBy(arr *ssa.Alloc) bool {
	found := false
	for _, ref := range *arr.Referrers() {
		sl, ok := ref.(*ssa.Slice)
		if !ok {
			continue // the element stores
		}
		if sl.Referrers() == nil {
			return false
		}
		for _, sr := range *sl.Referrers() {
			call, ok := sr.(ssa.CallInstruction)
			if !ok {
				return false
			}
			f := syncapi.Callee(call.Common())
			if f == nil || f.Pkg() == nil {
				return false
			}
			switch f.Pkg().Path() {
			case "fmt", "log", "testing":
				found = true
			default:
				return false
			}
		}
	}
	return found
}

// getter returns the location a call of a package function reads and
// returns, when the function returns one race-free load through a
// parameter: a load with a lock held (as the lock engine computes it) or
// an atomic load (func (d *D) Fired() int { d.mu.Lock(); defer
// d.mu.Unlock(); return d.fired }).
func (pc *passCtx) getter(call *ssa.CallCommon) (hb.Loc, bool) {
	callee, ok := call.Value.(*ssa.Function)
	if !ok || call.IsInvoke() || !pc.hb.Local(callee) {
		return hb.Loc{}, false
	}
	var res ssa.Value
	for _, b := range callee.Blocks {
		if b == callee.Recover {
			continue // reached only by a recovered panic
		}
		for _, ins := range b.Instrs {
			ret, ok := ins.(*ssa.Return)
			if !ok {
				continue
			}
			if len(ret.Results) != 1 || (res != nil && res != ret.Results[0]) {
				return hb.Loc{}, false
			}
			res = ret.Results[0]
		}
	}
	// With a defer, the result goes through a local variable (so a
	// recovered panic can return it): look at what is stored there.
	if ld, ok := res.(*ssa.UnOp); ok && ld.Op == token.MUL {
		if a, ok := ld.X.(*ssa.Alloc); ok && a.Referrers() != nil {
			var stored ssa.Value
			for _, r := range *a.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Addr == a {
					if stored != nil {
						return hb.Loc{}, false
					}
					stored = st.Val
				}
			}
			if stored != nil {
				res = stored
			}
		}
	}
	var addr ssa.Value
	switch r := res.(type) {
	case *ssa.UnOp:
		if r.Op != token.MUL || !pc.lockedAt(r) {
			return hb.Loc{}, false
		}
		addr = r.X
	case *ssa.Call:
		op, recv := syncapi.CallOp(&r.Call)
		if op != syncapi.AtomicRead {
			return hb.Loc{}, false
		}
		if recv == nil && len(r.Call.Args) > 0 {
			recv = r.Call.Args[0]
		}
		addr = recv
	}
	if addr == nil {
		return hb.Loc{}, false
	}
	l, ok := hb.Translate(addr, hb.BindCall(callee, call.Args, nil))
	return l, ok
}

// maySet reports whether a call handed a pointer to memory overlapping l
// may write l before it returns: any call out of sight may; a function of
// the package may if its synchronous writes (not those of goroutines or
// callbacks it arms) overlap l.
func (pc *passCtx) maySet(call *ssa.CallCommon, l hb.Loc) bool {
	callee, ok := call.Value.(*ssa.Function)
	if !ok || call.IsInvoke() || !pc.hb.Local(callee) {
		return true
	}
	for _, w := range pc.hb.SyncWrites(callee, hb.BindCall(callee, call.Args, nil)) {
		if w.Loc.Overlaps(l) {
			return true
		}
	}
	return false
}

// ctorZero reports whether l lies in an object fresh from a constructor
// of the package that leaves it zero: l's root is the result of a call of
// a function that returns a new composite literal (&T{...}) and sets
// other fields only.
func (pc *passCtx) ctorZero(l hb.Loc) bool {
	call, ok := l.Root.(*ssa.Call)
	if !ok || call.Call.IsInvoke() {
		return false
	}
	callee, ok := call.Call.Value.(*ssa.Function)
	if !ok || !pc.hb.Local(callee) {
		return false
	}
	var obj *ssa.Alloc
	for _, b := range callee.Blocks {
		for _, ins := range b.Instrs {
			ret, ok := ins.(*ssa.Return)
			if !ok {
				continue
			}
			a, ok := ret.Results[0].(*ssa.Alloc)
			if len(ret.Results) != 1 || !ok || (obj != nil && obj != a) {
				return false
			}
			obj = a
		}
	}
	if obj == nil || obj.Referrers() == nil {
		return false
	}
	first := l.Path
	if i := strings.Index(first, "/"); i >= 0 {
		first = first[:i+1]
	}
	for _, r := range *obj.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			if hb.LocOf(r).Path == first || !strings.HasPrefix(first, ".") {
				return false // the constructor sets it
			}
		case *ssa.Return, *ssa.DebugRef:
		default:
			return false // handed on: anything may set it
		}
	}
	return true
}
