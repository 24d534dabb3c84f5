package lockset

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// TestUnnamedEntries: the test entries whose summaries no caller reads
// are those no code of the package names (a test called by another, or
// passed as a value, is read).
func TestUnnamedEntries(t *testing.T) {
	const src = `package p

import "testing"

func TestA(t *testing.T) {}
func TestB(t *testing.T) { TestC(t) }
func TestC(t *testing.T) {}
func TestD(t *testing.T) { t.Run("d", TestE) }
func TestE(t *testing.T) {}
func helper(t *testing.T) {}

type s struct{}

func (s) TestF(t *testing.T) {}
func (s) TestG(t *testing.T) { s{}.TestH(t) }
func (s) TestH(t *testing.T) {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p_test.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{},
		Types: map[ast.Expr]types.TypeAndValue{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Implicits: map[ast.Node]types.Object{}, Scopes: map[ast.Node]*types.Scope{}, Instances: map[*ast.Ident]types.Instance{}}
	pkg, err := (&types.Config{Importer: importer.ForCompiler(fset, "source", nil)}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	prog := ssa.NewProgram(fset, 0)
	for _, imp := range pkg.Imports() {
		prog.CreatePackage(imp, nil, nil, true)
	}
	ssapkg := prog.CreatePackage(pkg, []*ast.File{f}, info, false)
	ssapkg.Build()
	var funcs []*ssa.Function // as buildssa's SrcFuncs: the declared functions
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			funcs = append(funcs, prog.FuncValue(info.Defs[fd.Name].(*types.Func)))
		}
	}
	pass := &analysis.Pass{Fset: fset, Pkg: pkg, TypesInfo: info}
	var got []string
	for fn := range unnamedEntries(pass, funcs) {
		got = append(got, fn.Name())
	}
	sort.Strings(got)
	if want := "TestA TestB TestD TestF TestG"; strings.Join(got, " ") != want {
		t.Errorf("unnamed entries %q, want %q", strings.Join(got, " "), want)
	}
}
