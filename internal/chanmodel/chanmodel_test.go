package chanmodel

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

import "context"

type server struct{ reqs chan int }

var global chan int

func helper(c chan int) { c <- 1 }

func result() chan int { return make(chan int, 3) } // c4

func f(ctx context.Context, s *server) {
	a := make(chan int)        // c1: local, sent by helper and a closure
	b := make(chan string, 2)  // c2: closed, ranged
	go helper(a)
	go func() { a <- 2 }()
	go func() {
		for range b {
		}
	}()
	close(b)
	select {
	case <-a:
	case <-ctx.Done():
	}
	s.reqs = make(chan int)    // c3: in a field
	r := result()
	<-r
	global = make(chan int)   // c5
	x := make(chan int)        // c6: escapes through an interface
	var i any = x
	_ = i
}
`

func build(t *testing.T) (*ssa.Package, *Model) {
	t.Helper()
	return buildSrc(t, src)
}

func buildSrc(t *testing.T, src string) (*ssa.Package, *Model) {
	t.Helper()
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
	var funcs []*ssa.Function
	for fn := range ssautil.AllFunctions(ssapkg.Prog) {
		if fn.Pkg == ssapkg && fn.Synthetic == "" {
			funcs = append(funcs, fn)
		}
	}
	return ssapkg, Build(ssapkg, funcs, []*ast.File{f}, nil)
}

func TestModel(t *testing.T) {
	_, m := build(t)
	if m.Incomplete {
		t.Fatal("incomplete")
	}
	if len(m.Chans) != 6 {
		t.Fatalf("chans = %d, want 6", len(m.Chans))
	}
	// Sorted by position: result's make (c4) comes first.
	c4, c1, c2, c3, c5, c6 := m.Chans[0], m.Chans[1], m.Chans[2], m.Chans[3], m.Chans[4], m.Chans[5]
	summary := func(c *Chan) string {
		var parts []string
		for _, op := range c.Ops {
			s := op.Kind.String() + "@" + op.Fn.Name()
			if op.InSelect() {
				s += "/select"
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, " ")
	}
	if got, want := summary(c1), "send@helper receive@f/select send@f$1"; got != want {
		t.Errorf("c1 ops = %q, want %q", got, want)
	}
	if n := len(c1.OpsOf(Send)); n != 2 {
		t.Errorf("c1 sends = %d, want 2", n)
	}
	if !c1.Local() || c1.Cap != 0 {
		t.Errorf("c1: local=%v cap=%d", c1.Local(), c1.Cap)
	}
	if got, want := summary(c2), "close@f range@f$2"; got != want {
		t.Errorf("c2 ops = %q, want %q", got, want)
	}
	if c2.Cap != 2 {
		t.Errorf("c2 cap = %d", c2.Cap)
	}
	if !c3.InField || c3.Escapes {
		t.Errorf("c3: field=%v escapes=%v", c3.InField, c3.Escapes)
	}
	if got, want := summary(c4), "receive@f"; got != want {
		t.Errorf("c4 ops = %q, want %q", got, want)
	}
	if !c5.InGlobal {
		t.Errorf("c5 not in global")
	}
	if !c6.Escapes {
		t.Errorf("c6 does not escape")
	}
	if len(m.Goroutines) != 3 {
		t.Errorf("goroutines = %d, want 3", len(m.Goroutines))
	}
	for _, g := range m.Goroutines {
		if g.Entry == nil || g.Spawner.Name() != "f" {
			t.Errorf("goroutine %v: entry %v spawner %v", g.Instr, g.Entry, g.Spawner)
		}
	}
	// ctx.Done() is unattributed.
	if len(m.Unattributed) != 1 {
		t.Errorf("unattributed = %d, want 1", len(m.Unattributed))
	}
}

const src2 = `package q

import "os/signal"
import "os"

type box struct{ c chan int }

func g(stop chan int) int {
	n := make(chan os.Signal)      // escapes to signal.Notify
	signal.Notify(n)
	b := &box{c: make(chan int)}   // in a field
	r := make(chan int)            // captured by reference and reassigned
	go func() { r <- 1 }()
	select {
	case v := <-r:
		return v
	case <-stop:
		return 0
	case <-b.c:
		return 2
	}
}
`

func TestEscapesAndSelect(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "q.go", src2, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := &types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	ssapkg, _, err := ssautil.BuildPackage(conf, fset, types.NewPackage("q", "q"), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	var funcs []*ssa.Function
	for fn := range ssautil.AllFunctions(ssapkg.Prog) {
		if fn.Pkg == ssapkg && fn.Synthetic == "" {
			funcs = append(funcs, fn)
		}
	}
	m := Build(ssapkg, funcs, []*ast.File{f}, nil)
	if len(m.Chans) != 3 {
		t.Fatalf("chans = %d, want 3", len(m.Chans))
	}
	n, c, r := m.Chans[0], m.Chans[1], m.Chans[2]
	if !n.Escapes || !c.InField || !r.Local() {
		t.Errorf("flags: n.Escapes=%v c.InField=%v r.Local=%v", n.Escapes, c.InField, r.Local())
	}
	// The select's first case is the receive on r: the true edge of
	// "idx == 0" enters it.
	found := false
	for _, b := range ssapkg.Func("g").Blocks {
		for i := range b.Succs {
			sel, k, taken, ok := SelectCaseEdge(b, i)
			if ok && k == 0 && taken {
				found = true
				if chans := m.ChansOf(sel.States[0].Chan); len(chans) != 1 || chans[0] != r {
					t.Errorf("case 0 channel = %v, want r", chans)
				}
			}
		}
	}
	if !found {
		t.Error("no select case edge found")
	}
}
