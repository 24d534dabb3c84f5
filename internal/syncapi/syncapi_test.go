package syncapi

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const src = `package p

import (
	"os"
	"sync"
	"testing"
	"testing/synctest"
	"sync/atomic"
)

type S struct {
	sync.Mutex
	rw sync.RWMutex
}

func f(s *S, l sync.Locker, wg *sync.WaitGroup) {
	s.Lock()
	s.rw.RLock()
	l.Lock()
	wg.Wait()
	os.Exit(1)
}

func g(t *testing.T) { t.Errorf("x"); _ = sync.NewCond(new(sync.Mutex)) }

func h(t *testing.T) { synctest.Test(t, func(*testing.T) { synctest.Wait() }) }

func at(n *atomic.Int64, p *int32) { n.Add(1); _ = n.Load(); atomic.StoreInt32(p, 1); _ = atomic.LoadInt32(p) }
`

func TestCallOp(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg := types.NewPackage("p", "p")
	conf := &types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	ssapkg, _, err := ssautil.BuildPackage(conf, fset, pkg, []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	var got []Op
	noReturn := 0
	for _, b := range ssapkg.Func("f").Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if op, recv := CallOp(call.Common()); op != None {
				if recv == nil {
					t.Errorf("%v: no receiver", op)
				}
				got = append(got, op)
			}
			if IsNoReturnCall(call.Common()) {
				noReturn++
			}
		}
	}
	want := []Op{Lock, RLock, Lock, WGWait}
	if len(got) != len(want) {
		t.Fatalf("ops = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("op %d = %v, want %v", i, got[i], want[i])
		}
	}
	if noReturn != 1 {
		t.Errorf("no-return calls = %d, want 1", noReturn)
	}
	failures := 0
	for _, b := range ssapkg.Func("g").Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok && IsTestFailureCall(call.Common()) {
				failures++
			}
		}
	}
	newconds := 0
	for _, b := range ssapkg.Func("g").Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok {
				if op, _ := CallOp(call.Common()); op == CondNew {
					newconds++
				}
			}
		}
	}
	var synctests []Op
	for _, fn := range []*ssa.Function{ssapkg.Func("h"), ssapkg.Func("h").AnonFuncs[0]} {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					if op, _ := CallOp(call.Common()); op != None {
						synctests = append(synctests, op)
					}
				}
			}
		}
	}
	if len(synctests) != 2 || synctests[0] != SynctestRun || synctests[1] != SynctestWait {
		t.Errorf("synctest ops = %v, want [SynctestRun SynctestWait]", synctests)
	}
	var atomics []Op
	for _, b := range ssapkg.Func("at").Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok {
				if op, recv := CallOp(call.Common()); op != None && recv != nil {
					atomics = append(atomics, op)
				} else if op != None {
					atomics = append(atomics, op)
				}
			}
		}
	}
	if want := []Op{AtomicWrite, AtomicRead, AtomicWrite, AtomicRead}; len(atomics) != 4 || atomics[0] != want[0] || atomics[1] != want[1] || atomics[2] != want[2] || atomics[3] != want[3] {
		t.Errorf("atomic ops = %v, want %v", atomics, want)
	}
	if newconds != 1 {
		t.Errorf("NewCond calls = %d, want 1", newconds)
	}
	if failures != 1 {
		t.Errorf("test failure calls = %d, want 1", failures)
	}
}

// TestTablePkg: FuncOp's package filter admits every function of the table.
func TestTablePkg(t *testing.T) {
	for name := range table {
		// "(*sync.Mutex).Lock", "(sync.Locker).Lock", "sync.NewCond",
		// "(*golang.org/x/sync/errgroup.Group).Go": the package path is
		// what precedes the last dot of the qualified type or function.
		q := strings.TrimLeft(name, "(*")
		if i := strings.Index(q, ")"); i >= 0 {
			q = q[:i]
		}
		pkg := q[:strings.LastIndex(q, ".")]
		if !tablePkg(pkg) {
			t.Errorf("%s: package %q is not admitted by tablePkg", name, pkg)
		}
	}
}

// TestIsTestEntry: the testing package's entry points in _test.go files,
// and nothing else.
func TestIsTestEntry(t *testing.T) {
	const src = `package p

import "testing"

func TestA(t *testing.T)         {}
func TestMain(m *testing.M)      {}
func BenchmarkB(b *testing.B)    {}
func FuzzC(f *testing.F)         {}
func ExampleD()                  {}
func TestHelper(t *testing.T, n int) {}
func TestBad(b *testing.B)       {}
func Helper(t *testing.T)        {}
func ExampleE() int              { return 0 }

type s struct{}

func (s) TestF(t *testing.T)      {}
func (*s) TestG()                 {}
func (s) BenchmarkH(b *testing.B) {}
func (s) FuzzI(f *testing.F)      {}
func (s) TestJ(t *testing.T) int  { return 0 }
func (s) TestK(b *testing.B)      {}
func (s) Helper(t *testing.T)     {}

type Suite struct{}

func (Suite) TestL(t *testing.T) {}
`
	for _, file := range []string{"p_test.go", "p.go"} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, file, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		conf := &types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
		pkg, err := conf.Check("p", fset, []*ast.File{f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, name := range pkg.Scope().Names() {
			switch obj := pkg.Scope().Lookup(name).(type) {
			case *types.Func:
				if IsTestEntry(fset, obj) {
					got = append(got, name)
				}
			case *types.TypeName:
				mset := types.NewMethodSet(types.NewPointer(obj.Type()))
				for m := range mset.Methods() {
					if IsTestEntry(fset, m.Obj().(*types.Func)) {
						got = append(got, name+"."+m.Obj().Name())
					}
				}
			}
		}
		// Suite methods of an unexported type: grpctest.RunSubTests,
		// testify. An exported suite's methods may be called by name.
		want := "BenchmarkB ExampleD FuzzC TestA TestMain s.BenchmarkH s.FuzzI s.TestF s.TestG"
		if file == "p.go" {
			want = "" // a testing library's exported helpers may be called
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: entries %q, want %q", file, strings.Join(got, " "), want)
		}
	}
}

// TestFullName: fullName is FullName for every function and method of the
// packages the name tables cover (generic types and interfaces included).
func TestFullName(t *testing.T) {
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "source", nil)
	n := 0
	for _, path := range []string{"sync", "sync/atomic", "context", "time", "testing", "os/signal", "net/http", "iter", "io"} {
		pkg, err := imp.Import(path)
		if err != nil {
			t.Fatal(err)
		}
		check := func(fn *types.Func) {
			n++
			if got, want := fullName(fn), fn.FullName(); got != want {
				t.Errorf("fullName = %q, want %q", got, want)
			}
		}
		for _, name := range pkg.Scope().Names() {
			switch obj := pkg.Scope().Lookup(name).(type) {
			case *types.Func:
				check(obj)
			case *types.TypeName:
				if named, ok := obj.Type().(*types.Named); ok {
					for m := range named.Methods() {
						check(m)
					}
					if iface, ok := named.Underlying().(*types.Interface); ok {
						for m := range iface.Methods() {
							check(m)
						}
					}
				}
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d functions checked", n)
	}
}
