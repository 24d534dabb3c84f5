package unboundedgo

// This file finds the bounds that keep the goroutines of a loop in check.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/conclint/conclint/internal/syncapi"
)

// inspectBody calls f for every node of the body of loop l, not descending
// into function literals: code in a closure does not run in the
// iteration.
func (c *checker) inspectBody(l inspector.Cursor, f func(inspector.Cursor)) {
	var body *ast.BlockStmt
	switch loop := l.Node().(type) {
	case *ast.ForStmt:
		body = loop.Body
	case *ast.RangeStmt:
		body = loop.Body
	}
	if body == nil {
		return
	}
	bc, ok := l.FindNode(body)
	if !ok {
		return
	}
	bc.Inspect(nil, func(n inspector.Cursor) bool {
		if _, ok := n.Node().(*ast.FuncLit); ok {
			return false
		}
		f(n)
		return true
	})
}

// beforeInIteration reports whether node n of loop l runs before the spawn
// in the iteration that reaches the spawn: it precedes the spawn and is not
// in another branch (case, select clause, if/else arm) of a statement whose
// other branch holds the spawn.
func (c *checker) beforeInIteration(n inspector.Cursor, s *spawn, l inspector.Cursor) bool {
	if n.Node().Pos() >= s.pos {
		return false
	}
	for a := range n.Enclosing() {
		if a == l {
			break
		}
		if a.Contains(s.cur) {
			break // the first common ancestor: n and the spawn are in sequence
		}
		switch a.ParentEdgeKind() {
		case edge.BlockStmt_List:
			switch a.Node().(type) {
			case *ast.CaseClause, *ast.CommClause:
				// A clause of a switch or select whose other clause
				// holds the spawn.
				if a.Parent().Parent().Contains(s.cur) {
					return false
				}
			}
		case edge.IfStmt_Body, edge.IfStmt_Else:
			if a.Parent().Contains(s.cur) {
				return false
			}
		}
	}
	return true
}

// boundedIn reports whether loop l holds a bound for the spawn: a
// semaphore acquired before it in the same iteration (a send, a token
// receive, semaphore.Weighted.Acquire, a same-package call that does one of
// these, a Cond.Wait), or a Wait on a WaitGroup or errgroup in the same
// iteration (batching).
func (c *checker) boundedIn(l inspector.Cursor, s *spawn) bool {
	_, endless := l.Node().(*ast.ForStmt)
	found := false
	c.inspectBody(l, func(n inspector.Cursor) {
		if found {
			return
		}
		switch e := n.Node().(type) {
		case *ast.SendStmt:
			// Any send before the spawn paces the loop: a semaphore
			// acquire, or a hand-off to a consumer.
			found = c.beforeInIteration(n, s, l)
		case *ast.UnaryExpr:
			// A receive before the spawn: a token (<-sem, or any
			// receive in a range loop, whose work comes from elsewhere).
			// In a for loop a kept value is the work itself.
			if e.Op != token.ARROW || isTimeOrDone(c.info, e.X) {
				return
			}
			if endless && valueUsed(n) {
				return
			}
			found = c.beforeInIteration(n, s, l)
		case *ast.CallExpr:
			fn, _ := typeutil.Callee(c.info, e).(*types.Func)
			switch syncapi.FuncOp(fn) {
			case syncapi.WGWait, syncapi.ErrgroupWait:
				found = true // batching: the iteration waits for its goroutines
				return
			case syncapi.SemAcquire, syncapi.CondWait:
				found = c.beforeInIteration(n, s, l)
				return
			}
			if body := c.funcBody(e.Fun); body != nil && c.beforeInIteration(n, s, l) {
				found = c.topAcquires(body, 1)
			}
		}
	})
	return found
}

// boundedGoroutine reports whether the goroutine of s acquires a semaphore
// at its top.
func (c *checker) boundedGoroutine(s *spawn) bool {
	body := c.funcBody(s.fn)
	return body != nil && c.topAcquires(body, 1)
}

// funcBody returns the body of a function literal or of a function or
// method of this package named by e, or nil.
func (c *checker) funcBody(e ast.Expr) *ast.BlockStmt {
	e = ast.Unparen(e)
	if lit, ok := e.(*ast.FuncLit); ok {
		return lit.Body
	}
	var id *ast.Ident
	switch e := e.(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	case *ast.IndexExpr: // f[T]
		return c.funcBody(e.X)
	case *ast.IndexListExpr:
		return c.funcBody(e.X)
	}
	if id == nil {
		return nil
	}
	switch obj := c.info.Uses[id].(type) {
	case *types.Func:
		if d := c.decls[obj.Origin()]; d != nil {
			return d.Body
		}
	case *types.Var:
		return c.localFuncLit(obj)
	}
	return nil
}

// localFuncLit returns the body of the one function literal assigned to
// local variable v (var walk func(string); walk = func(dir string) {...}),
// or nil.
func (c *checker) localFuncLit(v *types.Var) *ast.BlockStmt {
	if _, ok := c.params[v]; ok || v.IsField() {
		return nil
	}
	var body *ast.BlockStmt
	for _, d := range c.defs[v] {
		if d == zeroValue {
			continue
		}
		lit, ok := ast.Unparen(d).(*ast.FuncLit)
		if !ok || body != nil {
			return nil
		}
		body = lit.Body
	}
	return body
}

// topAcquires reports whether the first statements of body (at most
// maxTopStmts, before any loop or go statement) acquire a semaphore: a send of a token (sem <- struct{}{}), a token receive, a
// semaphore.Weighted.Acquire, a Cond.Wait, or a call of a same-package
// function whose top does (up to maxCallDepth calls deep).
//
// Precision: a receive at the top of a goroutine may also be a start
// barrier (<-start) rather than a semaphore; both are silent.
func (c *checker) topAcquires(body *ast.BlockStmt, depth int) bool {
	if body == nil || depth > maxCallDepth {
		return false
	}
	found := false
	for i, st := range body.List {
		if i >= maxTopStmts || found {
			break
		}
		switch st.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.GoStmt:
			// The work has started: an acquire after this point does
			// not bound it.
			return false
		}
		ast.Inspect(st, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // defer func() { <-sem }() releases
			case *ast.SendStmt:
				if c.tokenValue(n.Value) {
					found = true
				}
			case *ast.ExprStmt:
				if u, ok := ast.Unparen(n.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW && !isTimeOrDone(c.info, u.X) {
					found = true
				}
			case *ast.CallExpr:
				fn, _ := typeutil.Callee(c.info, n).(*types.Func)
				switch syncapi.FuncOp(fn) {
				case syncapi.SemAcquire, syncapi.CondWait:
					found = true
				case syncapi.None:
					if b := c.funcBody(n.Fun); b != nil && c.topAcquires(b, depth+1) {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}

// tokenValue reports whether a sent value carries no data: a constant, or a
// value of a zero-size type (struct{}{}). A send of data at the top of a
// goroutine is its result, not a semaphore.
func (c *checker) tokenValue(e ast.Expr) bool {
	tv, ok := c.info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	if tv.Value != nil || tv.IsNil() {
		return true
	}
	switch u := tv.Type.Underlying().(type) {
	case *types.Struct:
		return u.NumFields() == 0
	case *types.Array:
		return u.Len() == 0
	}
	return false
}

// isTimeOrDone reports whether a received-from channel is a timer or a
// cancellation signal (ctx.Done(), time.After(d), t.C): receiving from it
// paces or stops a loop, it does not acquire anything.
func isTimeOrDone(info *types.Info, ch ast.Expr) bool {
	switch e := ast.Unparen(ch).(type) {
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(info, e).(*types.Func)
		if fn == nil {
			return false
		}
		if syncapi.FuncOp(fn) == syncapi.CtxDone {
			return true
		}
		switch fn.FullName() {
		case "time.After", "time.Tick":
			return true
		}
	case *ast.SelectorExpr:
		sel := info.Selections[e]
		if sel == nil || sel.Kind() != types.FieldVal || e.Sel.Name != "C" {
			return false
		}
		if f, ok := sel.Obj().(*types.Var); ok && f.Pkg() != nil && f.Pkg().Path() == "time" {
			return true // (*time.Timer).C, (*time.Ticker).C
		}
	}
	return false
}

// unlimitedGroup reports whether the errgroup named by recv certainly has
// no limit: a local variable created in this function, or an unexported
// field, with no SetLimit call on it anywhere in the package. A group
// passed in may be limited by the caller: silent.
func (c *checker) unlimitedGroup(recv ast.Expr) bool {
	obj := c.objectOf(recv)
	v, ok := obj.(*types.Var)
	if !ok || c.limited[v] {
		return false
	}
	if v.IsField() {
		return !v.Exported()
	}
	if _, ok := c.params[v]; ok {
		return false
	}
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return false // a package-level group: configured elsewhere
	}
	defs := c.defs[v]
	if len(defs) == 0 {
		return false
	}
	for _, d := range defs {
		if !c.freshGroup(d) {
			return false
		}
	}
	return true
}

// freshGroup reports whether e makes a new group: var g errgroup.Group,
// errgroup.WithContext(ctx), new(errgroup.Group), &errgroup.Group{}.
func (c *checker) freshGroup(e ast.Expr) bool {
	if e == zeroValue {
		return true
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.UnaryExpr:
		_, ok := ast.Unparen(e.X).(*ast.CompositeLit)
		return ok && e.Op == token.AND
	case *ast.CallExpr:
		if tv, ok := c.info.Types[e.Fun]; ok && tv.IsBuiltin() {
			return true // new(errgroup.Group)
		}
		fn, _ := typeutil.Callee(c.info, e).(*types.Func)
		return fn != nil && fn.Pkg() != nil && fn.Name() == "WithContext" && isErrgroupPkg(fn.Pkg())
	}
	return false
}

// isErrgroupPkg reports whether pkg declares the errgroup Group that
// syncapi knows: its (*Group).Go method is syncapi.ErrgroupGo.
func isErrgroupPkg(pkg *types.Package) bool {
	obj, ok := pkg.Scope().Lookup("Group").(*types.TypeName)
	if !ok {
		return false
	}
	m, _, _ := types.LookupFieldOrMethod(obj.Type(), true, pkg, "Go")
	fn, ok := m.(*types.Func)
	return ok && syncapi.FuncOp(fn) == syncapi.ErrgroupGo
}

// runsOnce reports whether the spawn is followed, in the iteration, by a
// statement that leaves loop l: a return, a panic or other no-return call,
// a break out of l, a labeled break or goto to a statement outside l. Such
// a goroutine starts at most once.
func (c *checker) runsOnce(spawnCur, l inspector.Cursor) bool {
	// The statement holding the spawn.
	st := spawnCur
	for {
		if _, ok := st.Node().(ast.Stmt); ok {
			break
		}
		st = st.Parent()
		if st.Node() == nil || st == l {
			return false
		}
	}
	for cur := st; cur != l && cur.Node() != nil; cur = cur.Parent() {
		switch cur.ParentEdgeKind() {
		case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
		default:
			continue
		}
		for next, ok := cur.NextSibling(); ok; next, ok = next.NextSibling() {
			if c.leaves(next, l) {
				return true
			}
		}
	}
	return false
}

// leaves reports whether statement cur unconditionally leaves loop l.
func (c *checker) leaves(cur, l inspector.Cursor) bool {
	switch st := cur.Node().(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(st.X).(*ast.CallExpr); ok {
			if tv, ok := c.info.Types[call.Fun]; ok && tv.IsBuiltin() {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
					return true
				}
			}
			fn, _ := typeutil.Callee(c.info, call).(*types.Func)
			return syncapi.NoReturn(fn)
		}
	case *ast.BranchStmt:
		switch st.Tok {
		case token.BREAK:
			if st.Label != nil {
				return !c.labelInside(st.Label, l)
			}
			// An unlabeled break leaves the innermost for, switch or
			// select: it must be l.
			for a := cur.Parent(); a.Node() != nil; a = a.Parent() {
				if a == l {
					return true
				}
				switch a.Node().(type) {
				case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
					return false
				}
			}
		case token.GOTO:
			return !c.labelInside(st.Label, l)
		}
	}
	return false
}

// labelInside reports whether the statement labeled by id lies strictly
// inside the body of loop l.
func (c *checker) labelInside(id *ast.Ident, l inspector.Cursor) bool {
	lbl, ok := c.info.Uses[id].(*types.Label)
	if !ok {
		return true // unknown: assume it does not leave
	}
	var body ast.Node
	switch loop := l.Node().(type) {
	case *ast.ForStmt:
		body = loop.Body
	case *ast.RangeStmt:
		body = loop.Body
	}
	return body != nil && lbl.Pos() >= body.Pos() && lbl.Pos() < body.End()
}

// usesIterationVar reports whether the spawned goroutine (its function or
// arguments) uses a variable declared in loop l outside the spawn: the
// element, or a value the iteration derived from it.
func (c *checker) usesIterationVar(s *spawn, l inspector.Cursor) bool {
	vars := make(map[types.Object]bool)
	ast.Inspect(l.Node(), func(n ast.Node) bool {
		if n == s.node {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.info.Defs[id].(*types.Var); ok {
				vars[v] = true
			}
		}
		return true
	})
	found := false
	ast.Inspect(s.node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && vars[c.info.Uses[id]] {
			found = true
		}
		return !found
	})
	return found
}

// waitsAfter reports whether the iteration receives from a channel after
// the spawn (go run(f); <-f.done): it waits for something, most likely the
// goroutine, before starting the next one.
func (c *checker) waitsAfter(s *spawn, l inspector.Cursor) bool {
	end := s.node.End()
	found := false
	c.inspectBody(l, func(n inspector.Cursor) {
		if found || n.Node().Pos() < end {
			return
		}
		u, ok := n.Node().(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW || isTimeOrDone(c.info, u.X) {
			return
		}
		// Not in another branch of a statement holding the spawn.
		for a := range n.Enclosing() {
			if a == l || a.Contains(s.cur) {
				break
			}
			switch a.Node().(type) {
			case *ast.CaseClause, *ast.CommClause:
				if a.Parent().Parent().Contains(s.cur) {
					return
				}
			}
			switch a.ParentEdgeKind() {
			case edge.IfStmt_Body, edge.IfStmt_Else:
				if a.Parent().Contains(s.cur) {
					return
				}
			}
		}
		found = true
	})
	return found
}

// guardedByCounter reports whether the spawn is guarded, inside loop l, by
// an if or for condition that compares (<, <=, >, >=) a variable or field
// the loop updates: if active < max { active++; go ... }, or the drain of a
// pool of worker ids, for len(pending) > 0 && len(ids) > 0 { ...; go ... }
// (cmd/compile's work queue). The counter is the bound.
func (c *checker) guardedByCounter(s *spawn, l inspector.Cursor) bool {
	var conds []ast.Expr
	induction := make(map[types.Object]bool) // i of for i := 0; i < n; i++
	for a := range s.cur.Enclosing() {
		if a == l {
			break
		}
		switch n := a.Node().(type) {
		case *ast.IfStmt:
			if !nodeContains(n.Cond, s.node) {
				conds = append(conds, n.Cond)
			}
		case *ast.ForStmt:
			if n.Cond != nil {
				conds = append(conds, n.Cond)
			}
			if init, ok := n.Init.(*ast.AssignStmt); ok && init.Tok == token.DEFINE {
				for _, lhs := range init.Lhs {
					if id, ok := lhs.(*ast.Ident); ok && c.info.Defs[id] != nil {
						induction[c.info.Defs[id]] = true
					}
				}
			}
		}
	}
	if len(conds) == 0 {
		return false
	}
	// A nested counted loop multiplies the goroutines of the input loop;
	// its induction variable is no bound.
	updated := c.updatedIn(l)
	for obj := range induction {
		delete(updated, obj)
	}
	for _, cond := range conds {
		found := false
		ast.Inspect(cond, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || found {
				return !found
			}
			switch b.Op {
			case token.LSS, token.LEQ, token.GTR, token.GEQ:
				for _, side := range []ast.Expr{b.X, b.Y} {
					ast.Inspect(side, func(m ast.Node) bool {
						if e, ok := m.(ast.Expr); ok {
							if obj := c.objectOf(e); obj != nil && updated[obj] {
								found = true
							}
						}
						return !found
					})
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// updatedIn returns the variables and fields that the body of loop l
// assigns (=, op=) or increments, outside function literals.
func (c *checker) updatedIn(l inspector.Cursor) map[types.Object]bool {
	updated := make(map[types.Object]bool)
	mark := func(e ast.Expr) {
		if obj := c.objectOf(e); obj != nil {
			updated[obj] = true
		}
	}
	c.inspectBody(l, func(n inspector.Cursor) {
		switch n := n.Node().(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, lhs := range n.Lhs {
					mark(lhs)
				}
			}
		case *ast.IncDecStmt:
			mark(n.X)
		}
	})
	return updated
}

// nodeContains reports whether n lies within outer.
func nodeContains(outer ast.Node, n ast.Node) bool {
	return outer != nil && outer.Pos() <= n.Pos() && n.End() <= outer.End()
}
