// Package syncapi is conclint's one table of standard-library concurrency
// semantics: which functions lock and unlock, count and wait, sleep, never
// return, or make cancellable contexts. Every pass asks this package rather
// than matching names itself.
//
// Functions are matched by their fully qualified object name
// (types.Func.FullName, e.g. "(*sync.Mutex).Lock"), which is how
// staticcheck matches APIs: the spelling at the call site (aliases,
// embedding, method values) does not matter.
//
// The table is in code, not facts, because drivers may not compute facts for
// the standard library.
package syncapi

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Op is the concurrency meaning of a call.
type Op int

const (
	None Op = iota

	// Locks. The receiver is the lock.
	Lock     // (*sync.Mutex).Lock, (*sync.RWMutex).Lock, sync.Locker.Lock
	Unlock   // ... Unlock
	RLock    // (*sync.RWMutex).RLock
	RUnlock  // (*sync.RWMutex).RUnlock
	TryLock  // (*sync.Mutex).TryLock, (*sync.RWMutex).TryLock: result true = acquired
	TryRLock // (*sync.RWMutex).TryRLock
	RLocker  // (*sync.RWMutex).RLocker: returns a Locker over the read lock

	// WaitGroup. The receiver is the group.
	WGAdd
	WGDone
	WGWait
	WGGo // (*sync.WaitGroup).Go (Go 1.25): Add(1) + go f() + Done

	// Cond. The receiver is the cond; Wait releases and re-acquires c.L.
	CondWait
	CondSignal
	CondBroadcast

	OnceDo // (*sync.Once).Do

	// Time.
	Sleep // time.Sleep

	// Contexts. The call returns a context (and for the cancelable kinds,
	// a cancel function as its second result).
	CtxBackground // context.Background, context.TODO: never cancelled
	CtxWithCancel // WithCancel, WithCancelCause, WithTimeout, WithDeadline, ...
	CtxDone       // (context.Context).Done

	// Errgroup (golang.org/x/sync/errgroup), matched by path so the real
	// module and testdata stubs both work.
	ErrgroupGo       // (*errgroup.Group).Go
	ErrgroupTryGo    // (*errgroup.Group).TryGo
	ErrgroupSetLimit // (*errgroup.Group).SetLimit
	ErrgroupWait     // (*errgroup.Group).Wait
	SemAcquire       // (*semaphore.Weighted).Acquire / TryAcquire

	CondNew // sync.NewCond: returns a fresh *Cond

	// Synctest bubbles (testing/synctest, internal/synctest): inside the
	// function passed to SynctestRun time is fake and time.Sleep is
	// deterministic; SynctestWait waits until every other goroutine of the
	// bubble is durably blocked.
	SynctestRun  // synctest.Test, internal/synctest.Run: the last argument runs in a bubble
	SynctestWait // synctest.Wait

	// Atomics (sync/atomic). The variable is the receiver of a method of
	// an atomic type, or the first argument (a pointer) of a function.
	AtomicRead  // Load*
	AtomicWrite // Store*, Add*, Swap*, CompareAndSwap*, And*, Or*
)

var table = map[string]Op{
	"(*sync.Mutex).Lock":       Lock,
	"(*sync.Mutex).Unlock":     Unlock,
	"(*sync.Mutex).TryLock":    TryLock,
	"(*sync.RWMutex).Lock":     Lock,
	"(*sync.RWMutex).Unlock":   Unlock,
	"(*sync.RWMutex).TryLock":  TryLock,
	"(*sync.RWMutex).RLock":    RLock,
	"(*sync.RWMutex).RUnlock":  RUnlock,
	"(*sync.RWMutex).TryRLock": TryRLock,
	"(*sync.RWMutex).RLocker":  RLocker,
	"(sync.Locker).Lock":       Lock,
	"(sync.Locker).Unlock":     Unlock,

	"(*sync.WaitGroup).Add":  WGAdd,
	"(*sync.WaitGroup).Done": WGDone,
	"(*sync.WaitGroup).Wait": WGWait,
	"(*sync.WaitGroup).Go":   WGGo,

	"(*sync.Cond).Wait":      CondWait,
	"(*sync.Cond).Signal":    CondSignal,
	"(*sync.Cond).Broadcast": CondBroadcast,

	"(*sync.Once).Do": OnceDo,

	"sync.NewCond": CondNew,

	"time.Sleep": Sleep,

	"testing/synctest.Test":  SynctestRun,
	"testing/synctest.Wait":  SynctestWait,
	"internal/synctest.Run":  SynctestRun,
	"internal/synctest.Wait": SynctestWait,

	"context.Background":        CtxBackground,
	"context.TODO":              CtxBackground,
	"context.WithCancel":        CtxWithCancel,
	"context.WithCancelCause":   CtxWithCancel,
	"context.WithTimeout":       CtxWithCancel,
	"context.WithTimeoutCause":  CtxWithCancel,
	"context.WithDeadline":      CtxWithCancel,
	"context.WithDeadlineCause": CtxWithCancel,
	"(context.Context).Done":    CtxDone,

	"(*golang.org/x/sync/errgroup.Group).Go":             ErrgroupGo,
	"(*golang.org/x/sync/errgroup.Group).TryGo":          ErrgroupTryGo,
	"(*golang.org/x/sync/errgroup.Group).SetLimit":       ErrgroupSetLimit,
	"(*golang.org/x/sync/errgroup.Group).Wait":           ErrgroupWait,
	"(*golang.org/x/sync/semaphore.Weighted).Acquire":    SemAcquire,
	"(*golang.org/x/sync/semaphore.Weighted).TryAcquire": SemAcquire,
}

// noReturn lists functions that never return to their caller: the program
// exits, the goroutine exits, or a panic unwinds the stack.
var noReturn = map[string]bool{
	"os.Exit":                   true,
	"runtime.Goexit":            true,
	"log.Fatal":                 true,
	"log.Fatalf":                true,
	"log.Fatalln":               true,
	"log.Panic":                 true,
	"log.Panicf":                true,
	"log.Panicln":               true,
	"(*log.Logger).Fatal":       true,
	"(*log.Logger).Fatalf":      true,
	"(*log.Logger).Fatalln":     true,
	"(*log.Logger).Panic":       true,
	"(*log.Logger).Panicf":      true,
	"(*log.Logger).Panicln":     true,
	"(*testing.common).FailNow": true,
	"(*testing.common).Fatal":   true,
	"(*testing.common).Fatalf":  true,
	"(*testing.common).SkipNow": true,
	"(*testing.common).Skip":    true,
	"(*testing.common).Skipf":   true,
	"(testing.TB).FailNow":      true,
	"(testing.TB).Fatal":        true,
	"(testing.TB).Fatalf":       true,
	"(testing.TB).SkipNow":      true,
	"(testing.TB).Skip":         true,
	"(testing.TB).Skipf":        true,
}

// testFailure lists the testing methods that mark a test as failed
// without stopping it. Code after them runs on a failure path: a goroutine
// left blocked there is not worth a report once the test has failed.
var testFailure = map[string]bool{
	"(*testing.common).Error":  true,
	"(*testing.common).Errorf": true,
	"(*testing.common).Fail":   true,
	"(testing.TB).Error":       true,
	"(testing.TB).Errorf":      true,
	"(testing.TB).Fail":        true,
}

// IsTestFailureCall reports whether the call marks a test as failed
// (t.Error, t.Errorf, t.Fail) without stopping it.
func IsTestFailureCall(call *ssa.CallCommon) bool {
	fn := Callee(call)
	return testFailure[StdName(fn)]
}

// StdName returns fn's FullName when fn belongs to the standard library
// or golang.org/x/sync, the only packages the name tables here and in the
// passes list, and "" for any other function. FullName builds a string per
// call, and the engines classify every call of a package: most callees are
// the package's own or its dependencies', which this rejects on their path.
func StdName(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	path := fn.Pkg().Path()
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") && !strings.HasPrefix(path, "golang.org/x/sync/") {
		return ""
	}
	return fullName(fn)
}

// fullName returns fn.FullName(), without go/types' type printer for a
// function or a method of a non-generic defined type.
func fullName(fn *types.Func) string {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || fn.Pkg() == nil {
		return fn.FullName()
	}
	recv := sig.Recv()
	if recv == nil {
		return fn.Pkg().Path() + "." + fn.Name()
	}
	t, star := recv.Type(), ""
	if p, ok := t.(*types.Pointer); ok {
		t, star = p.Elem(), "*"
	}
	n, ok := t.(*types.Named)
	if !ok || n.TypeParams().Len() > 0 || n.TypeArgs().Len() > 0 || n.Obj().Pkg() == nil {
		return fn.FullName()
	}
	return "(" + star + n.Obj().Pkg().Path() + "." + n.Obj().Name() + ")." + fn.Name()
}

// FuncOp returns the concurrency meaning of a call to fn.
func FuncOp(fn *types.Func) Op {
	if fn == nil || fn.Pkg() == nil || !tablePkg(fn.Pkg().Path()) {
		return None
	}
	if op, ok := table[fullName(fn)]; ok {
		return op
	}
	return atomicOp(fn)
}

// tablePkg reports whether path is the package of some function in table
// or sync/atomic: FuncOp classifies every call of a package, and most are
// to other packages, which this rejects without building a name.
// TestTablePkg keeps it in step with the table.
func tablePkg(path string) bool {
	switch path {
	case "sync", "sync/atomic", "time", "context", "testing/synctest", "internal/synctest",
		"golang.org/x/sync/errgroup", "golang.org/x/sync/semaphore":
		return true
	}
	return false
}

// atomicOp classifies the functions and methods of sync/atomic by their
// verb: the package's naming is uniform (LoadInt32, (*Int64).Add, ...).
func atomicOp(fn *types.Func) Op {
	if fn.Pkg() == nil || fn.Pkg().Path() != "sync/atomic" {
		return None
	}
	name := fn.Name()
	switch {
	case strings.HasPrefix(name, "Load"):
		return AtomicRead
	case strings.HasPrefix(name, "Store"), strings.HasPrefix(name, "Add"),
		strings.HasPrefix(name, "Swap"), strings.HasPrefix(name, "CompareAndSwap"),
		strings.HasPrefix(name, "And"), strings.HasPrefix(name, "Or"):
		return AtomicWrite
	}
	return None
}

// NoReturn reports whether a call to fn never returns normally.
func NoReturn(fn *types.Func) bool {
	return noReturn[StdName(fn)]
}

// Callee returns the types.Func a call statically or dynamically (through
// an interface method) refers to, or nil for calls of function values,
// builtins and closures. For invoke-mode calls it is the interface method,
// so "(sync.Locker).Lock" is found for a Locker value.
func Callee(call *ssa.CallCommon) *types.Func {
	if call.IsInvoke() {
		return call.Method
	}
	switch v := call.Value.(type) {
	case *ssa.Function:
		if obj, ok := v.Object().(*types.Func); ok {
			return obj
		}
		// A wrapper or instantiation: use its origin's object.
		if o := v.Origin(); o != nil {
			if obj, ok := o.Object().(*types.Func); ok {
				return obj
			}
		}
	case *ssa.MakeClosure:
		return nil
	}
	return nil
}

// CallOp returns the concurrency meaning of a call and its receiver (the
// lock, WaitGroup, Cond, ... operated on), or (None, nil). The receiver of
// a promoted method (s.Lock() on a struct embedding sync.Mutex) is the
// embedded field's address, as SSA makes the selection explicit.
func CallOp(call *ssa.CallCommon) (Op, ssa.Value) {
	op := FuncOp(Callee(call))
	if op == None {
		return None, nil
	}
	if call.IsInvoke() {
		return op, call.Value
	}
	sig, _ := call.Value.Type().Underlying().(*types.Signature)
	if sig != nil && sig.Recv() != nil && len(call.Args) > 0 {
		return op, call.Args[0]
	}
	// A method expression or bound method value has its receiver as the
	// first argument too; package-level functions have no receiver.
	if fn := Callee(call); fn != nil && fn.Type().(*types.Signature).Recv() != nil && len(call.Args) > 0 {
		return op, call.Args[0]
	}
	return op, nil
}

// IsNoReturnCall reports whether the call never returns: a no-return
// function from the table, or the builtin panic.
func IsNoReturnCall(call *ssa.CallCommon) bool {
	if b, ok := call.Value.(*ssa.Builtin); ok {
		return b.Name() == "panic"
	}
	return NoReturn(Callee(call))
}

// IsBuiltin reports whether call calls the named builtin (close, len, ...).
func IsBuiltin(call *ssa.CallCommon, name string) bool {
	b, ok := call.Value.(*ssa.Builtin)
	return ok && b.Name() == name
}

// IsLockType reports whether t (or *t) is sync.Mutex or sync.RWMutex.
func IsLockType(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	switch n.Obj().Name() {
	case "Mutex", "RWMutex":
		return true
	}
	return false
}

// IsTestEntry reports whether fn is a test, benchmark, fuzz test or
// example declared in a _test.go file: a function the testing package
// calls and no other package does (a fact about it would go unread).
//
// A test method of a suite counts too: TestX (no parameter, testify's
// suites; or *testing.T, grpc's grpctest.RunSubTests), BenchmarkX or
// FuzzX, of an unexported type declared in a _test.go file. A test
// runner calls it through reflection; no other package can name the
// type.
func IsTestEntry(fset *token.FileSet, fn *types.Func) bool {
	if fn == nil || !strings.HasSuffix(fset.Position(fn.Pos()).Filename, "_test.go") {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() != 0 {
		return false
	}
	if sig.Recv() != nil {
		return isSuiteMethod(fset, fn.Name(), sig)
	}
	name := fn.Name()
	var param string // the testing type of its one parameter
	switch {
	case strings.HasPrefix(name, "Example"):
		return sig.Params().Len() == 0
	case name == "TestMain":
		param = "M"
	case strings.HasPrefix(name, "Test"):
		param = "T"
	case strings.HasPrefix(name, "Benchmark"):
		param = "B"
	case strings.HasPrefix(name, "Fuzz"):
		param = "F"
	default:
		return false
	}
	return sig.Params().Len() == 1 && isTestingPtr(sig.Params().At(0).Type(), param)
}

// isSuiteMethod reports whether sig, the signature of a method named
// name, is a suite's test method (see IsTestEntry).
func isSuiteMethod(fset *token.FileSet, name string, sig *types.Signature) bool {
	recv := types.Unalias(sig.Recv().Type())
	if p, ok := recv.(*types.Pointer); ok {
		recv = types.Unalias(p.Elem())
	}
	n, ok := recv.(*types.Named)
	if !ok || n.Obj().Exported() || !strings.HasSuffix(fset.Position(n.Obj().Pos()).Filename, "_test.go") {
		return false
	}
	params := sig.Params()
	switch {
	case strings.HasPrefix(name, "Test"):
		return params.Len() == 0 || params.Len() == 1 && isTestingPtr(params.At(0).Type(), "T")
	case strings.HasPrefix(name, "Benchmark"):
		return params.Len() == 1 && isTestingPtr(params.At(0).Type(), "B")
	case strings.HasPrefix(name, "Fuzz"):
		return params.Len() == 1 && isTestingPtr(params.At(0).Type(), "F")
	}
	return false
}

// isTestingPtr reports whether t is *testing.<name>.
func isTestingPtr(t types.Type, name string) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Name() == name && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing"
}
