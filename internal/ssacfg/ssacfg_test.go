package ssacfg

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const src = `package p

func f(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i
	}
	return s
}
`

func build(t *testing.T) *ssa.Function {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := &types.Config{Importer: importer.Default()}
	pkg, _, err := ssautil.BuildPackage(conf, fset, types.NewPackage("p", "p"), []*ast.File{file}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return pkg.Func("f")
}

func TestCFG(t *testing.T) {
	fn := build(t)
	entry := fn.Blocks[0]
	var ret *ssa.Return
	var header, latch *ssa.BasicBlock
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if r, ok := in.(*ssa.Return); ok {
				ret = r
			}
		}
		for _, s := range b.Succs {
			if s.Index < b.Index { // back edge
				header, latch = s, b
			}
		}
	}
	if ret == nil || header == nil {
		t.Fatal("unexpected CFG shape")
	}
	if !Reach(Succs, entry)[entry] || ReachStrict(entry, Succs)[entry] {
		t.Error("Reach includes the start, ReachStrict does not (no cycle through entry)")
	}
	if !ReachStrict(header, Succs)[header] {
		t.Error("the loop header reaches itself in one or more steps")
	}
	if !Reach(Preds, ret.Block())[entry] {
		t.Error("the return is reached from the entry")
	}
	first := entry.Instrs[0]
	if !Before(first, ret) || Before(ret, first) {
		t.Error("Before: the entry's first instruction precedes the return on every path")
	}
	if !MayFollow(first, ret) || MayFollow(ret, first) {
		t.Error("MayFollow: the return may follow the entry, not the reverse")
	}
	if Index(first) != 0 {
		t.Errorf("Index = %d", Index(first))
	}
	body := LoopBody(header, latch)
	if !body[header] || !body[latch] || body[entry] || body[ret.Block()] {
		t.Errorf("LoopBody = %v", body)
	}
}
