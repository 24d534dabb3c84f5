package unboundedgo

// This file decides what counts as untrusted input beyond streams and
// listings (collections a decoder filled from a request or a stream,
// recursion over call results), and three exemptions measured on real
// code: owner goroutines fed by the package's own API, one worker per
// distinct key, and handlers that answer on the connection they read
// from.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/conclint/conclint/internal/syncapi"
)

// decoders are calls that fill the value their last argument points to
// from bytes or a stream: what they produce is sized by whoever wrote the
// input.
var decoders = map[string]bool{
	"(*encoding/json.Decoder).Decode": true,
	"(*encoding/xml.Decoder).Decode":  true,
	"(*encoding/gob.Decoder).Decode":  true,
	"encoding/json.Unmarshal":         true,
	"encoding/xml.Unmarshal":          true,
}

// recordDecode notes the variable a decoding call fills (&v as its last
// argument).
func (c *checker) recordDecode(call *ast.CallExpr, fn *types.Func) {
	if !decoders[syncapi.StdName(fn)] || len(call.Args) == 0 {
		return
	}
	u, ok := ast.Unparen(call.Args[len(call.Args)-1]).(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return
	}
	v := c.varOf(u.X)
	if v == nil {
		return
	}
	what := "decoded by " + types.ExprString(call.Fun)
	if c.mentionsRequest(call.Fun) {
		what = "decoded from the request by " + types.ExprString(call.Fun)
	}
	c.decoded[v] = what
}

// mentionsRequest reports whether e uses an *http.Request (r.Body).
func (c *checker) mentionsRequest(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if t := c.info.TypeOf(id); t != nil && types.TypeString(t, nil) == "*net/http.Request" {
				found = true
			}
		}
		return !found
	})
	return found
}

// decodedBase returns the origin of a field selection (req.Items,
// m.Spec.Layers) on a variable a decoder filled, or "".
func (c *checker) decodedBase(e *ast.SelectorExpr) string {
	x := ast.Expr(e)
	for i := 0; i < maxDefDepth; i++ {
		sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
		if !ok {
			break
		}
		x = sel.X
	}
	if v := c.varOf(x); v != nil {
		return c.decoded[v]
	}
	return ""
}

// inLoop reports whether cur lies in a for or range statement of its
// function.
func inLoop(cur inspector.Cursor) bool {
	for a := range cur.Enclosing() {
		if a == cur {
			continue
		}
		switch a.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		}
	}
	return false
}

// ownerChannel reports whether ch is an unexported channel field every
// send on which, in the package, is outside loops: requests handed over
// one per call of the package's API (Subscribe, Watch) to an owner
// goroutine, which starts one long-lived goroutine per subscription. The
// number of goroutines is the number of calls the program makes, not the
// size of some input. A field fed in a loop (from a connection, a
// scanner) is input.
func (c *checker) ownerChannel(ch ast.Expr) bool {
	sel, ok := ast.Unparen(ch).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := c.info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal || s.Obj().Exported() {
		return false
	}
	sends := c.sends[s.Obj()]
	if len(sends) == 0 {
		return false
	}
	for _, inLoop := range sends {
		if inLoop {
			return false
		}
	}
	return true
}

// selfSpawn returns the name of the enclosing function when the goroutine
// of s runs it again (go c.visit(link) inside visit, or a literal calling
// it): each goroutine may start as many more.
func (c *checker) selfSpawn(s *spawn) string {
	var encl *types.Func
	for a := range s.cur.Enclosing() {
		if d, ok := a.Node().(*ast.FuncDecl); ok {
			encl, _ = c.info.Defs[d.Name].(*types.Func)
			break
		}
	}
	if encl == nil {
		return ""
	}
	calls := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn, ok := typeutil.Callee(c.info, call).(*types.Func); ok && fn.Origin() == encl.Origin() {
					found = true
				}
			}
			if id, ok := n.(*ast.Ident); ok && c.info.Uses[id] == encl {
				found = true // go visit(x): the callee itself
			}
			return !found
		})
		return found
	}
	if calls(s.fn) {
		return encl.Name()
	}
	return ""
}

// answersOn reports whether the goroutine of s uses what the loop reads
// from, or something built on the same connection: reader itself, a
// variable it wraps (r := bufio.NewReader(conn), and the goroutine writes
// to conn), or a variable wrapping one of those (enc :=
// json.NewEncoder(conn) beside dec := json.NewDecoder(conn)). Such a
// handler answers the request it was given on the connection it came
// from.
func (c *checker) answersOn(s *spawn, reader ast.Expr) bool {
	conn := c.wrapped(reader, 0, nil)
	if len(conn) == 0 {
		return false
	}
	found := false
	ast.Inspect(s.node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.info.Uses[id].(*types.Var); ok && !v.IsField() {
				for o := range c.wrapped(id, 0, nil) {
					if conn[o] {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// wrapped returns the local variable e names and, through single
// assignments of calls, the variables those calls were given
// (bufio.NewReader(conn): conn).
func (c *checker) wrapped(e ast.Expr, depth int, out map[types.Object]bool) map[types.Object]bool {
	if out == nil {
		out = make(map[types.Object]bool)
	}
	v := c.varOf(e)
	if v == nil || depth > maxDefDepth || out[v] {
		return out
	}
	out[v] = true
	if defs := c.defs[v]; len(defs) == 1 && defs[0] != nil && defs[0] != zeroValue {
		if call, ok := ast.Unparen(defs[0]).(*ast.CallExpr); ok {
			for _, a := range call.Args {
				c.wrapped(a, depth+1, out)
			}
		}
	}
	return out
}

// perKey reports whether the spawn is guarded by a map-membership check
// whose key the branch inserts before the spawn: if _, ok := m[k]; !ok {
// m[k] = ...; go worker(k) }. One goroutine per distinct key, like the
// counter bound.
func (c *checker) perKey(s *spawn, l inspector.Cursor) bool {
	for a := range s.cur.Enclosing() {
		if a == l {
			return false
		}
		ifs, ok := a.Node().(*ast.IfStmt)
		if !ok || !nodeContains(ifs.Body, s.node) {
			continue
		}
		m, key := c.missingKey(ifs, l)
		if m == nil {
			continue
		}
		inserted := false
		ast.Inspect(ifs.Body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || as.Pos() > s.pos {
				return !inserted
			}
			for _, lhs := range as.Lhs {
				if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok && c.objectOf(ix.X) == m && types.ExprString(ix.Index) == key {
					inserted = true
				}
			}
			return !inserted
		})
		if inserted {
			return true
		}
	}
	return false
}

// missingKey returns the map and key of a membership check in the
// condition of ifs (!ok, ok == false) whose ok comes from v, ok := m[k]
// (in the if's init or earlier in loop l).
func (c *checker) missingKey(ifs *ast.IfStmt, l inspector.Cursor) (types.Object, string) {
	var okID *ast.Ident
	switch cond := ast.Unparen(ifs.Cond).(type) {
	case *ast.UnaryExpr:
		if cond.Op == token.NOT {
			okID, _ = ast.Unparen(cond.X).(*ast.Ident)
		}
	case *ast.BinaryExpr:
		if cond.Op == token.EQL {
			if id, ok := ast.Unparen(cond.Y).(*ast.Ident); ok && id.Name == "false" {
				okID, _ = ast.Unparen(cond.X).(*ast.Ident)
			}
		}
	}
	if okID == nil {
		return nil, ""
	}
	okObj := c.info.Uses[okID]
	if okObj == nil {
		return nil, ""
	}
	var m types.Object
	var key string
	ast.Inspect(l.Node(), func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			return m == nil
		}
		if id, ok := as.Lhs[1].(*ast.Ident); !ok || c.info.ObjectOf(id) != okObj {
			return m == nil
		}
		if ix, ok := ast.Unparen(as.Rhs[0]).(*ast.IndexExpr); ok {
			if _, isMap := coreType(c.info.TypeOf(ix.X)).(*types.Map); isMap {
				m, key = c.objectOf(ix.X), types.ExprString(ix.Index)
			}
		}
		return m == nil
	})
	return m, key
}
