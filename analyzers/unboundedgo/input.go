package unboundedgo

// This file decides whether a loop's trip count comes from input.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// streamConds are loop conditions that advance over a stream of unknown
// length: for sc.Scan() { ... }.
var streamConds = map[string]string{
	"(*bufio.Scanner).Scan":                 "every line scanned by %s",
	"(*database/sql.Rows).Next":             "every row of %s",
	"(*encoding/json.Decoder).More":         "every value decoded by %s",
	"(*encoding/csv.Reader).Read":           "every record read from %s",
	"(*net/textproto.Reader).ReadLine":      "every line read from %s",
	"(*bufio.Reader).ReadString":            "every line read from %s",
	"(*bufio.Reader).ReadLine":              "every line read from %s",
	"(*bufio.Reader).ReadBytes":             "every line read from %s",
	"(*bufio.Reader).ReadSlice":             "every line read from %s",
	"(*net/textproto.Reader).ReadLineBytes": "every line read from %s",
}

// streamReads are calls that read one item of work from a stream; an
// endless loop calling one before the go statement starts a goroutine per
// item.
var streamReads = map[string]string{
	"(*bufio.Scanner).Scan":                 "every line scanned by %s",
	"(*database/sql.Rows).Next":             "every row of %s",
	"(*bufio.Reader).ReadString":            "every line read from %s",
	"(*bufio.Reader).ReadLine":              "every line read from %s",
	"(*bufio.Reader).ReadBytes":             "every line read from %s",
	"(*bufio.Reader).ReadSlice":             "every line read from %s",
	"(*net/textproto.Reader).ReadLine":      "every line read from %s",
	"(*net/textproto.Reader).ReadLineBytes": "every line read from %s",
	"(*encoding/json.Decoder).Decode":       "every value decoded by %s",
	"(*encoding/gob.Decoder).Decode":        "every value decoded by %s",
	"(*encoding/xml.Decoder).Decode":        "every value decoded by %s",
	"(*encoding/csv.Reader).Read":           "every record read from %s",
	"(io.Reader).Read":                      "every read from %s",
	"(*os.File).Read":                       "every read from %s",
	"(net.Conn).Read":                       "every read from %s",
	"(net.PacketConn).ReadFrom":             "every packet read from %s",
	"(*net.UDPConn).ReadFrom":               "every packet read from %s",
	"(*net.UDPConn).ReadFromUDP":            "every packet read from %s",
	"(*net.UDPConn).ReadFromUDPAddrPort":    "every packet read from %s",
	"(*net.UDPConn).ReadMsgUDP":             "every packet read from %s",
	"(*net.UDPConn).ReadMsgUDPAddrPort":     "every packet read from %s",
}

// classify returns the input that drives loop l, or nil when the loop's
// trip count is bounded or unknown.
func (c *checker) classify(l inspector.Cursor, s *spawn) *input {
	switch loop := l.Node().(type) {
	case *ast.RangeStmt:
		return c.classifyRange(loop)
	case *ast.ForStmt:
		if loop.Cond == nil {
			return c.classifyEndless(l, s)
		}
		cond := ast.Unparen(loop.Cond)
		if call, ok := cond.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(c.info, call).(*types.Func); ok {
				if format, ok := streamConds[fn.FullName()]; ok {
					return c.streamInput(call, format)
				}
			}
			return nil // for it.Next(): an iterator of unknown kind
		}
		if b, ok := cond.(*ast.BinaryExpr); ok {
			switch b.Op {
			case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
				// A counted loop: a worker pool unless it counts up to
				// the length of the input.
				for _, side := range []ast.Expr{b.X, b.Y} {
					if x := c.lenOf(side); x != nil {
						if src := c.input(x); src != "" {
							return &input{category: catRange,
								desc:   fmt.Sprintf("every element of %s (%s)", types.ExprString(x), src),
								at:     x.Pos(),
								atName: "the loop counts up to the length of " + types.ExprString(x)}
						}
					}
				}
				return nil
			}
		}
		// for !done { ... }: as endless as for {}.
		return c.classifyEndless(l, s)
	}
	return nil
}

// classifyRange classifies a range loop by the kind and origin of what it
// ranges over.
func (c *checker) classifyRange(r *ast.RangeStmt) *input {
	t := c.info.TypeOf(r.X)
	if t == nil {
		return nil
	}
	x := types.ExprString(r.X)
	switch u := coreType(t).(type) {
	case *types.Chan:
		if connLike(u.Elem()) {
			// Connections handed over by an accept loop: the server
			// idiom, one level removed.
			return &input{category: catAccept,
				desc: "every connection received from " + x,
				at:   r.X.Pos(), atName: "connections received from " + x + " here"}
		}
		if c.ownerChannel(r.X) {
			return nil // requests handed over by the package's own API calls
		}
		return &input{category: catChannel,
			desc: "every value received from " + x,
			at:   r.X.Pos(), atName: "values received from " + x + " here"}
	case *types.Slice, *types.Map:
		if isFuncElem(u) {
			// Precision: a slice of functions holds hooks the program
			// registered (onShutdown, afterFuncs), not data.
			return nil
		}
		src := c.input(r.X)
		if src == "" {
			return nil
		}
		noun := "element"
		if _, ok := u.(*types.Map); ok {
			noun = "entry"
		}
		return &input{category: catRange,
			desc: fmt.Sprintf("every %s of %s (%s)", noun, x, src),
			at:   r.X.Pos(), atName: "loop over " + x}
	case *types.Basic:
		// for i := range len(items): as unbounded as items. Any other
		// integer is a pool size.
		if u.Info()&types.IsInteger == 0 {
			return nil // a string: per rune, rare and short
		}
		if y := c.lenOf(r.X); y != nil {
			if src := c.input(y); src != "" {
				return &input{category: catRange,
					desc: fmt.Sprintf("every element of %s (%s)", types.ExprString(y), src),
					at:   r.X.Pos(), atName: "loop over " + x}
			}
		}
		return nil
	case *types.Signature:
		// Range over an iterator: a parameter, or a call over input
		// (strings.Lines(text), slices.Chunk(items, n), maps.Keys(m)).
		x0 := ast.Unparen(r.X)
		if src := c.input(x0); src != "" && c.source(x0, 0).io {
			return &input{category: catRange,
				desc: fmt.Sprintf("every value yielded by %s (%s)", x, src),
				at:   r.X.Pos(), atName: "loop over " + x}
		}
		if call, ok := x0.(*ast.CallExpr); ok {
			for _, arg := range call.Args {
				if src := c.input(arg); src != "" {
					return &input{category: catRange,
						desc: fmt.Sprintf("every value yielded by %s (over %s, %s)", x, types.ExprString(arg), src),
						at:   r.X.Pos(), atName: "loop over " + x}
				}
			}
			return nil
		}
		if v := c.varOf(x0); v != nil {
			if what, ok := c.params[v]; ok && c.cfg.collections {
				return &input{category: catRange,
					desc: fmt.Sprintf("every value yielded by %s (%s)", x, what),
					at:   r.X.Pos(), atName: "loop over " + x}
			}
		}
	}
	return nil
}

// classifyEndless classifies a loop without a counting condition by the
// work it reads before the spawn: a connection from Accept, a value from a
// channel, a line or packet from a stream.
func (c *checker) classifyEndless(l inspector.Cursor, s *spawn) *input {
	var accept, recv, stream, fallible *input
	c.inspectBody(l, func(n inspector.Cursor) {
		if !c.beforeInIteration(n, s, l) {
			return
		}
		switch e := n.Node().(type) {
		case *ast.AssignStmt:
			if fallible == nil {
				fallible = c.fallibleRead(e, s)
			}
		case *ast.CallExpr:
			fn, ok := typeutil.Callee(c.info, e).(*types.Func)
			if !ok {
				return
			}
			sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
			if !ok {
				return
			}
			x := types.ExprString(sel.X)
			if accept == nil && isAccept(fn) {
				accept = &input{category: catAccept,
					desc: "every connection accepted from " + x,
					at:   e.Pos(), atName: "connection accepted here"}
			}
			if format, ok := streamReads[fn.FullName()]; ok && stream == nil {
				stream = &input{category: catStream,
					desc: fmt.Sprintf(format, x),
					at:   e.Pos(), atName: "read here", reader: sel.X}
			}
		case *ast.UnaryExpr:
			if e.Op != token.ARROW || recv != nil || !valueUsed(n) || isTimeOrDone(c.info, e.X) {
				return
			}
			x := types.ExprString(e.X)
			recv = &input{category: catChannel,
				desc: "every value received from " + x,
				at:   e.Pos(), atName: "value received here"}
			if t, ok := coreType(c.info.TypeOf(e.X)).(*types.Chan); ok && connLike(t.Elem()) {
				recv.category = catAccept
				recv.desc = "every connection received from " + x
				recv.atName = "connection received here"
			}
		}
	})
	switch {
	case accept != nil:
		return accept
	case stream != nil:
		return stream
	case recv != nil:
		return recv
	}
	return fallible
}

// fallibleRead returns the input of an endless loop that reads its work
// with a call that can fail (msg, err := sub.Receive(ctx)) when the
// goroutine uses what the call returned: such a loop ends only when the
// source is exhausted or broken, so it runs once per item of the source —
// a queue client, an RPC stream, a reader of records.
func (c *checker) fallibleRead(as *ast.AssignStmt, s *spawn) *input {
	if len(as.Rhs) != 1 || len(as.Lhs) < 2 {
		return nil
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return nil
	}
	tuple, ok := c.info.TypeOf(call).(*types.Tuple)
	if !ok || tuple.Len() != len(as.Lhs) || !isError(tuple.At(tuple.Len()-1).Type()) {
		return nil
	}
	results := make(map[types.Object]bool)
	for _, l := range as.Lhs[:len(as.Lhs)-1] {
		if id, ok := ast.Unparen(l).(*ast.Ident); ok && id.Name != "_" {
			if obj := c.info.ObjectOf(id); obj != nil {
				results[obj] = true
			}
		}
	}
	used := false
	ast.Inspect(s.node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && results[c.info.Uses[id]] {
			used = true
		}
		return !used
	})
	if !used {
		return nil
	}
	f := types.ExprString(call.Fun)
	in := &input{category: catStream,
		desc: "every result of " + f + " in an endless loop",
		at:   call.Pos(), atName: "read here"}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := c.info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			in.reader = sel.X
		}
	}
	return in
}

// isError reports whether t is the predeclared error type.
func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// streamInput describes a loop whose condition reads a stream.
func (c *checker) streamInput(call *ast.CallExpr, format string) *input {
	x := "the stream"
	var reader ast.Expr
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		x = types.ExprString(sel.X)
		reader = sel.X
	}
	return &input{category: catStream,
		desc: fmt.Sprintf(format, x),
		at:   call.Pos(), atName: "read here", reader: reader}
}

// valueUsed reports whether the receive at n yields a value the program
// keeps (v := <-ch, case v := <-ch), rather than waiting for a signal.
func valueUsed(n inspector.Cursor) bool {
	p := n.Parent()
	for {
		if _, ok := p.Node().(*ast.ParenExpr); !ok {
			break
		}
		p = p.Parent()
	}
	switch p := p.Node().(type) {
	case *ast.ExprStmt:
		return false
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
				return true
			}
		}
		return false
	}
	return true
}

// isAccept reports whether fn is an Accept method that returns a
// connection: anything named Accept (AcceptTCP, ...) whose first result
// can be closed and read, written or addressed.
func isAccept(fn *types.Func) bool {
	if !strings.HasPrefix(fn.Name(), "Accept") {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || sig.Results().Len() == 0 {
		return false
	}
	return connLike(sig.Results().At(0).Type())
}

// connLike reports whether t looks like a network connection: it can be
// closed, and read, written or addressed.
func connLike(t types.Type) bool {
	if !hasMethod(t, "Close") {
		return false
	}
	return hasMethod(t, "Read") || hasMethod(t, "Write") || hasMethod(t, "RemoteAddr")
}

func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

// lenOf returns x for an expression len(x), else nil.
func (c *checker) lenOf(e ast.Expr) ast.Expr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	if b, ok := c.info.Uses[id].(*types.Builtin); !ok || b.Name() != "len" {
		return nil
	}
	return call.Args[0]
}

// varOf returns the variable an identifier refers to, or nil.
func (c *checker) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := c.info.Uses[id].(*types.Var)
	return v
}

// An origin says where a collection of unknown size comes from.
type origin struct {
	what string // "a parameter", "a field", "the result of os.ReadDir"; "" if not input
	io   bool   // read from outside the program: a directory listing, the lines of a file
}

// input returns the description of the origin of collection e if a loop
// over it is reported: always for collections read from outside the
// program, and for parameters, fields and results of other calls only
// with -unboundedgo.collections.
//
// Precision: the size of a slice passed in is decided by the caller. On
// std and x/tools most such loops run over small configured lists
// (analyzers, source directories, command-line chunks, registered hooks),
// so they are off by default; see docs/evaluation/unboundedgo.md.
func (c *checker) input(e ast.Expr) string {
	o := c.source(e, 0)
	if o.what == "" {
		return ""
	}
	if !o.io && !c.cfg.collections && (!c.recursive || !strings.HasPrefix(o.what, "the result of")) {
		return ""
	}
	return o.what
}

// listings are calls whose result lists something outside the program:
// directory entries, glob matches, CSV records.
var listings = map[string]bool{
	"os.ReadDir":                     true,
	"(*os.File).ReadDir":             true,
	"(*os.File).Readdir":             true,
	"(*os.File).Readdirnames":        true,
	"io/fs.ReadDir":                  true,
	"(io/fs.ReadDirFS).ReadDir":      true,
	"(io/fs.ReadDirFile).ReadDir":    true,
	"io/ioutil.ReadDir":              true,
	"path/filepath.Glob":             true,
	"io/fs.Glob":                     true,
	"(*encoding/csv.Reader).ReadAll": true,
}

// reads are calls returning the contents of a file or stream.
var reads = map[string]bool{
	"os.ReadFile":        true,
	"io.ReadAll":         true,
	"io/fs.ReadFile":     true,
	"io/ioutil.ReadFile": true,
	"io/ioutil.ReadAll":  true,
}

// splits are calls that cut their first argument into lines or fields;
// over the contents of a file they give one item per line.
var splits = map[string]bool{
	"strings.Split":      true,
	"strings.SplitN":     true,
	"strings.SplitAfter": true,
	"strings.Fields":     true,
	"strings.Lines":      true,
	"strings.SplitSeq":   true,
	"strings.FieldsSeq":  true,
	"bytes.Split":        true,
	"bytes.SplitN":       true,
	"bytes.SplitAfter":   true,
	"bytes.Fields":       true,
	"bytes.Lines":        true,
	"bytes.SplitSeq":     true,
	"bytes.FieldsSeq":    true,
}

// source says where collection e comes from — "a parameter", "the
// receiver", "a field", "the result of os.ReadDir" — or returns an empty
// origin when its size is constant, small by construction or unknown.
//
// Precision: package-level variables are usually tables, composite
// literals and make with a constant length have a constant size, the
// fields of a row of a local table are constants too, and a local variable
// assigned more than once (appended to in a loop, say) is unknown: all
// silent.
func (c *checker) source(e ast.Expr, depth int) origin {
	if depth > maxDefDepth {
		return origin{}
	}
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok {
			return origin{}
		}
		if what, ok := c.params[v]; ok {
			return origin{what: what}
		}
		if what, ok := c.decoded[v]; ok {
			return origin{what: what, io: true}
		}
		if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			return origin{} // a package-level table
		}
		defs := c.defs[v]
		if len(defs) != 1 || defs[0] == nil || defs[0] == zeroValue {
			return origin{}
		}
		o := c.source(defs[0], depth+1)
		if o.what == "" {
			return origin{}
		}
		if _, ok := ast.Unparen(defs[0]).(*ast.CallExpr); !ok && !strings.HasPrefix(o.what, "the result") && !strings.HasPrefix(o.what, "split") {
			o.what = types.ExprString(defs[0]) + ", " + o.what
		}
		return o
	case *ast.SelectorExpr:
		if sel := c.info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			if what := c.decodedBase(e); what != "" {
				return origin{what: what, io: true} // req.Items of a decoded request
			}
			if c.tableRow(e.X, depth) {
				return origin{} // tc.inputs of a test table row
			}
			return origin{what: "a field"}
		}
	case *ast.StarExpr:
		return c.source(e.X, depth+1)
	case *ast.SliceExpr:
		if e.High != nil && c.isConst(e.High) {
			return origin{} // items[:10]
		}
		return c.source(e.X, depth+1)
	case *ast.CallExpr:
		if tv, ok := c.info.Types[e.Fun]; ok && tv.IsType() {
			if len(e.Args) == 1 {
				return c.source(e.Args[0], depth+1) // []T(x)
			}
			return origin{}
		}
		if tv, ok := c.info.Types[e.Fun]; ok && tv.IsBuiltin() {
			return origin{} // append, make, ...
		}
		if len(e.Args) > 0 {
			allConst := true
			for _, a := range e.Args {
				if !c.isConst(a) {
					allConst = false
				}
			}
			if allConst {
				return origin{} // strings.Fields("a b c")
			}
		}
		if fn, ok := typeutil.Callee(c.info, e).(*types.Func); ok {
			name := fn.FullName()
			if listings[name] || c.listingWrapper(fn) {
				return origin{what: "the result of " + types.ExprString(e.Fun), io: true}
			}
			if what := c.decodingWrapper(fn); what != "" {
				if c.mentionsRequest(e) {
					what = strings.Replace(what, "decoded by", "decoded from the request by", 1)
				}
				return origin{what: "the result of " + types.ExprString(e.Fun) + ", " + what, io: true}
			}
			if splits[name] && len(e.Args) > 0 {
				if r := c.readCall(e.Args[0], depth+1); r != "" {
					return origin{what: "split from the contents read by " + r, io: true}
				}
			}
		}
		return origin{what: "the result of " + types.ExprString(e.Fun)}
	}
	return origin{}
}

// readCall returns the name of the read call (os.ReadFile, io.ReadAll)
// whose result e is, through conversions and single assignments, or "".
func (c *checker) readCall(e ast.Expr, depth int) string {
	if depth > maxDefDepth {
		return ""
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := c.info.Uses[e].(*types.Var)
		if !ok {
			return ""
		}
		if defs := c.defs[v]; len(defs) == 1 && defs[0] != nil && defs[0] != zeroValue {
			return c.readCall(defs[0], depth+1)
		}
	case *ast.CallExpr:
		if tv, ok := c.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return c.readCall(e.Args[0], depth+1) // string(b)
		}
		if fn, ok := typeutil.Callee(c.info, e).(*types.Func); ok && reads[fn.FullName()] {
			return types.ExprString(e.Fun)
		}
	}
	return ""
}

func (c *checker) isConst(e ast.Expr) bool {
	tv, ok := c.info.Types[e]
	return ok && tv.Value != nil
}

// coreType returns the underlying type of t, or for a type parameter the
// common underlying type of its type set (nil if there is none), and
// for a pointer to an array the array.
func coreType(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	t = types.Unalias(t)
	if tp, ok := t.(*types.TypeParam); ok {
		return typeSetCore(tp)
	}
	u := t.Underlying()
	if p, ok := u.(*types.Pointer); ok {
		if a, ok := p.Elem().Underlying().(*types.Array); ok {
			return a
		}
	}
	return u
}

// typeSetCore returns the shared underlying type constructor of the terms
// of tp's constraint: a slice if all terms are slices, and so on.
func typeSetCore(tp *types.TypeParam) types.Type {
	if tp.Constraint() == nil {
		return nil
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var core types.Type
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		var terms []types.Type
		switch e := iface.EmbeddedType(i).(type) {
		case *types.Union:
			for j := 0; j < e.Len(); j++ {
				terms = append(terms, e.Term(j).Type())
			}
		default:
			terms = append(terms, e)
		}
		for _, term := range terms {
			u := term.Underlying()
			if _, ok := u.(*types.Interface); ok {
				continue
			}
			if core == nil {
				core = u
				continue
			}
			if fmt.Sprintf("%T", core) != fmt.Sprintf("%T", u) {
				return nil
			}
		}
	}
	return core
}

// isFuncElem reports whether a slice's or map's elements are functions.
func isFuncElem(t types.Type) bool {
	var elem types.Type
	switch t := t.(type) {
	case *types.Slice:
		elem = t.Elem()
	case *types.Map:
		elem = t.Elem()
	}
	if elem == nil {
		return false
	}
	_, ok := elem.Underlying().(*types.Signature)
	return ok
}

// tableRow reports whether e (the base of a field selection) is a local
// variable that is a composite literal, or an element of a range over a
// collection that is not input: a row of a table, whose fields are
// constants too.
func (c *checker) tableRow(e ast.Expr, depth int) bool {
	v := c.varOf(e)
	if v == nil || depth > maxDefDepth {
		return false
	}
	if _, ok := c.params[v]; ok {
		return false
	}
	if rng, ok := c.rangeOf[v]; ok {
		t := c.info.TypeOf(rng.X)
		if t == nil {
			return false
		}
		switch coreType(t).(type) {
		case *types.Slice, *types.Map, *types.Array:
			return c.source(rng.X, depth+1).what == ""
		}
		return false
	}
	defs := c.defs[v]
	if len(defs) != 1 || defs[0] == nil {
		return false
	}
	d := ast.Unparen(defs[0])
	if u, ok := d.(*ast.UnaryExpr); ok && u.Op == token.AND {
		d = ast.Unparen(u.X)
	}
	_, ok := d.(*ast.CompositeLit)
	return ok
}

// listingWrapper reports whether fn is a function of this package that
// returns the result of a listing call (buildutil.ReadDir returns
// ioutil.ReadDir(path)).
func (c *checker) listingWrapper(fn *types.Func) bool {
	d := c.decls[fn.Origin()]
	if d == nil {
		return false
	}
	found := false
	ast.Inspect(d.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) > 0 {
				if call, ok := ast.Unparen(n.Results[0]).(*ast.CallExpr); ok {
					if f, ok := typeutil.Callee(c.info, call).(*types.Func); ok && listings[f.FullName()] {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// decodingWrapper returns how fn, a function of this package, fills the
// collection it returns, when every collection it returns is a variable
// (or a field of one) that a decoder filled from its input (parseItems
// decodes a batch from a reader and returns b.Items): "decoded by
// json.NewDecoder(r).Decode", or "".
func (c *checker) decodingWrapper(fn *types.Func) string {
	d := c.decls[fn.Origin()]
	if d == nil || d.Body == nil {
		return ""
	}
	what, other := "", false
	ast.Inspect(d.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // another function's returns
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				return true
			}
			var w string
			switch r := ast.Unparen(n.Results[0]).(type) {
			case *ast.Ident:
				if r.Name == "nil" {
					return true // the error path
				}
				if v := c.varOf(r); v != nil {
					w = c.decoded[v]
				}
			case *ast.SelectorExpr:
				w = c.decodedBase(r)
			}
			if w == "" {
				other = true // a collection of another origin
			} else if what == "" {
				what = w
			}
		}
		return !other
	})
	if other {
		return ""
	}
	return strings.Replace(what, "decoded from the request by", "decoded by", 1)
}
