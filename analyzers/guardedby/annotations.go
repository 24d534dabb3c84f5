package guardedby

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"github.com/conclint/conclint/internal/syncapi"
)

// This file reads the guards people write down: the comment idioms of std,
// gRPC and Prometheus ("guarded by mu", "mu protects the fields below",
// "guards following") and gVisor's checklocks annotations. docs/annotations.md
// is the user's reference; keep the two in step.

// form says where a field's guard comes from.
type form uint8

const (
	formComment    form = iota + 1 // a comment idiom
	formChecklocks                 // +checklocks:mu
	formInferred                   // inferred from the package's accesses
)

// guard is the lock that guards a field or a package variable: a lock
// reached from the object that holds the field (up levels above the
// immediate owner, then path, in lock-key path syntax: ".mu", ".Mutex",
// ".mu*" for a *sync.Mutex field), or a lock rooted at a package variable
// (global is its "pkgpath.name", path the rest).
type guard struct {
	global string
	up     int
	path   string
}

// declGuard is a guard written down for one field or package variable.
type declGuard struct {
	g    guard
	form form
	name string    // the lock as written ("mu", "s.mu")
	pos  token.Pos // the annotation
}

// funcNote is what a function's doc comment says about locks.
type funcNote struct {
	ignore bool // +checklocksignore
	// requires: the locks the function needs on entry, by parameter
	// (+checklocks:p.mu, +checklocksread:p.mu).
	requires []entryReq
	// wildcard: the function's name or doc says the caller holds a lock
	// without naming it in a form we can resolve (…Locked, "must be called
	// with mu held"): every guard counts as held.
	wildcard bool
}

type entryReq struct {
	param int
	path  string
	read  bool
}

var (
	// "guarded by mu", "protected by s.mu", "(guarded by mu)".
	reGuardedBy = regexp.MustCompile(`(?i)\b(?:guarded|protected)\s+by\s+([^\s,;()]+)`)
	// "mu guards following", "protects the fields below", "guards x and y".
	reGuards = regexp.MustCompile(`(?i)\b(?:guards|protects)\b\s*(.*)`)
	// checklocks annotations: +checklocks..., +checkatomic...
	reAnnot = regexp.MustCompile(`\+check(?:locks|lock|atomic)[A-Za-z]*(?::\S*)?`)
	// "must be called with mu held", "caller must hold", "requires mu to be
	// held", "called with the lock held", "mu must be held".
	reRequiresDoc = regexp.MustCompile(strings.ReplaceAll(`(?i)(must|should|is|are|to) be (called|invoked|run|used|held)ANY\b(held|locked|holding)\b|`+
		`\bcallers? (must|should) (hold|have|own|acquire)\b|`+
		`\brequires? ANY\b(held|locked|lock)\b|`+
		`\b(called|invoked|runs?) (with|while|holding|under)\bANY\b(held|locked|lock|mutex|mu)\b|`+
		`\b(mu|lock|mutex|mtx)\b.{0,20}\b(must|should) be (held|locked|acquired)\b|`+
		`\bassum(e|es|ed|ing)\bANY\b(held|locked)\b|`+
		`\bheld on entry\b|`+
		`\b(lock|mutex|mu|mtx)\b.{0,30}\b(held|locked)\b|`+
		`\b(with|while|under) (the )?[a-z.]*\s*(lock|mutex|mu)\b.{0,10}\b(held|locked)\b`,
		"ANY", `(?:[^.\n]|\.\S)*`))
	reIdent = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
)

// stopwords after "guarded by": prose, not a lock name.
var stopwords = map[string]bool{
	"the": true, "a": true, "an": true, "its": true, "their": true, "this": true, "that": true,
	"caller": true, "callers": true, "lock": true, "mutex": true, "locks": true, "one": true,
	"both": true, "either": true, "some": true, "another": true, "other": true, "our": true,
}

// known checklocks annotations (gVisor tools/checklocks).
var knownAnnots = map[string]bool{
	"+checklocks": true, "+checklocksread": true, "+checklocksacquire": true,
	"+checklocksacquireread": true, "+checklocksrelease": true, "+checklocksreleaseread": true,
	"+checklocksignore": true, "+checklocksforce": true, "+checklocksfail": true,
	"+checklocksalias": true, "+checkatomic": true, "+checkatomicignore": true,
	"+checklocksignorecontext": true,
}

// annotDiag is a malformed or dangling annotation.
type annotDiag struct {
	pos token.Pos
	msg string
}

// annotations is the result of reading one package's comments.
type annotations struct {
	fields map[*types.Var]*declGuard // guarded fields and package variables
	atomic map[*types.Var]token.Pos  // +checkatomic fields
	funcs  map[*types.Func]*funcNote
	diags  []annotDiag
	// docs: the doc comments of functions with no note yet, read lazily
	// by docRequiresLock.
	docs    map[*types.Func]*ast.CommentGroup
	docMemo map[*types.Func]bool
}

// commentText is the text of a comment group with each line's nested "//"
// cut off (// guarded by mu // want ...).
func commentLines(groups ...*ast.CommentGroup) []*ast.Comment {
	var out []*ast.Comment
	for _, g := range groups {
		if g != nil {
			out = append(out, g.List...)
		}
	}
	return out
}

func lineText(c *ast.Comment) string {
	t := c.Text
	t = strings.TrimPrefix(t, "//")
	t = strings.TrimPrefix(t, "/*")
	t = strings.TrimSuffix(t, "*/")
	if i := strings.Index(t, "//"); i >= 0 {
		t = t[:i]
	}
	return strings.TrimSpace(t)
}

// readAnnotations reads the guards of every struct type and package-level
// variable group of the package, and the lock notes of every function.
func (pc *passCtx) readAnnotations() *annotations {
	an := &annotations{
		fields:  map[*types.Var]*declGuard{},
		atomic:  map[*types.Var]token.Pos{},
		funcs:   map[*types.Func]*funcNote{},
		docs:    map[*types.Func]*ast.CommentGroup{},
		docMemo: map[*types.Func]bool{},
	}
	for _, f := range pc.pass.Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				pc.readFunc(an, d)
			case *ast.GenDecl:
				if d.Tok == token.VAR {
					pc.readVarGroup(an, d)
				}
			}
		}
	}
	// Struct types anywhere (named, or in a var declaration), through the
	// shared inspector: a type spec comes before its struct in preorder.
	names := map[*ast.StructType]string{}
	pc.ins.Preorder([]ast.Node{(*ast.TypeSpec)(nil), (*ast.StructType)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.TypeSpec:
			if st, ok := n.Type.(*ast.StructType); ok {
				names[st] = n.Name.Name
			}
		case *ast.StructType:
			owner, ok := names[n]
			if !ok {
				owner = "the struct"
			}
			pc.readStruct(an, n, owner)
		}
	})
	return an
}

// member is one field of a struct, or one variable of a var group, with
// where it sits.
type member struct {
	obj      *types.Var
	name     *ast.Ident
	startLn  int // first line, doc comment included
	endLn    int
	comments []*ast.Comment
	isLock   bool
}

// readStruct reads the guards of one struct type's fields.
func (pc *passCtx) readStruct(an *annotations, st *ast.StructType, owner string) {
	if st.Fields == nil {
		return
	}
	tv, ok := pc.pass.TypesInfo.Types[st]
	if !ok {
		return
	}
	s, ok := tv.Type.Underlying().(*types.Struct)
	if !ok {
		return
	}
	if !pc.flags["comments"] && !hasAnnotation(st.Fields.List) {
		return // only annotations are read, and there are none
	}
	var ms []member
	for _, fl := range st.Fields.List {
		var idents []*ast.Ident
		if len(fl.Names) == 0 {
			idents = []*ast.Ident{embeddedIdent(fl.Type)}
		} else {
			idents = fl.Names
		}
		for _, id := range idents {
			if id == nil {
				continue
			}
			v, _ := pc.pass.TypesInfo.Defs[id].(*types.Var)
			if v == nil {
				continue
			}
			start := fl.Pos()
			if fl.Doc != nil {
				start = fl.Doc.Pos()
			}
			ms = append(ms, member{
				obj: v, name: id,
				startLn:  pc.line(start),
				endLn:    pc.line(fl.End()),
				comments: commentLines(fl.Doc, fl.Comment),
				isLock:   isLockVar(v.Type()),
			})
		}
	}
	resolve := func(name string) (guard, string, bool) { return pc.resolveInStruct(s, name) }
	pc.readMembers(an, ms, owner, resolve)
}

// hasAnnotation reports whether a comment of the fields starts with a
// checklocks annotation.
func hasAnnotation(fields []*ast.Field) bool {
	for _, fl := range fields {
		for _, c := range commentLines(fl.Doc, fl.Comment) {
			if annotAt(lineText(c)) != "" {
				return true
			}
		}
	}
	return false
}

// readVarGroup reads "mu protects the following variables" and "guarded by
// mu" in a var declaration.
func (pc *passCtx) readVarGroup(an *annotations, d *ast.GenDecl) {
	var ms []member
	for _, sp := range d.Specs {
		vs, ok := sp.(*ast.ValueSpec)
		if !ok {
			continue
		}
		for _, id := range vs.Names {
			v, _ := pc.pass.TypesInfo.Defs[id].(*types.Var)
			if v == nil || v.Parent() != pc.pass.Pkg.Scope() {
				continue
			}
			start := vs.Pos()
			if vs.Doc != nil {
				start = vs.Doc.Pos()
			}
			groups := []*ast.CommentGroup{vs.Doc, vs.Comment}
			if len(d.Specs) == 1 && d.Doc != nil {
				groups = append(groups, d.Doc)
			}
			ms = append(ms, member{
				obj: v, name: id,
				startLn:  pc.line(start),
				endLn:    pc.line(vs.End()),
				comments: commentLines(groups...),
				isLock:   isLockVar(v.Type()),
			})
		}
	}
	pc.readMembers(an, ms, "the package", pc.resolveGlobal)
}

// readMembers applies the comment idioms to one block of fields or
// variables. resolve maps a lock name as written to a guard.
func (pc *passCtx) readMembers(an *annotations, ms []member, owner string, resolve func(string) (guard, string, bool)) {
	byName := map[string]int{}
	for i, m := range ms {
		byName[m.obj.Name()] = i
	}
	set := func(m member, dg *declGuard) {
		if dg.g.path == "" && dg.g.global == "" {
			return // the name resolves, but not to a lock
		}
		if old, ok := an.fields[m.obj]; ok && old.form == formChecklocks {
			return // the annotation wins over prose
		}
		an.fields[m.obj] = dg
	}
	for i, m := range ms {
		for _, c := range m.comments {
			text := lineText(c)
			// gVisor annotations: a comment line that starts with one.
			if a := annotAt(text); a != "" {
				pc.fieldAnnot(an, m, owner, a, c.Pos(), resolve)
				continue
			}
			if !pc.flags["comments"] {
				continue // prose guards are not checked: skip the regexps
			}
			if m.isLock {
				// "mu guards/protects ..." on the lock itself.
				sm := reGuards.FindStringSubmatch(text)
				if sm == nil {
					continue
				}
				g, name, ok := resolve(m.obj.Name())
				if !ok {
					continue
				}
				rest := sm[1]
				var named []int
				for _, w := range strings.FieldsFunc(rest, func(r rune) bool {
					return r == ',' || r == ' ' || r == '\t' || r == '.' || r == ';' || r == '(' || r == ')' || r == '`' || r == ':'
				}) {
					if j, ok := byName[w]; ok && j != i && !ms[j].isLock {
						named = append(named, j)
					}
				}
				if len(named) > 0 {
					for _, j := range named {
						set(ms[j], &declGuard{g: g, form: formComment, name: name, pos: c.Pos()})
					}
					continue
				}
				if !blockWords(rest) {
					continue // prose about something else
				}
				// The fields after the lock, up to a blank line or the
				// next lock.
				prevEnd := m.endLn
				for j := i + 1; j < len(ms); j++ {
					n := ms[j]
					if n.isLock || n.startLn > prevEnd+1 {
						break
					}
					set(n, &declGuard{g: g, form: formComment, name: name, pos: c.Pos()})
					prevEnd = n.endLn
				}
				continue
			}
			// "guarded by mu" on the field.
			sm := reGuardedBy.FindStringSubmatch(text)
			if sm == nil {
				continue
			}
			name := strings.Trim(sm[1], "`'\".:")
			if stopwords[strings.ToLower(name)] || !reIdent.MatchString(name) {
				continue
			}
			if g, disp, ok := resolve(name); ok {
				set(m, &declGuard{g: g, form: formComment, name: disp, pos: c.Pos()})
			}
		}
	}
}

// annotAt returns the checklocks annotation a comment line starts with, as
// gVisor's checklocks reads them, or "".
func annotAt(text string) string {
	if !strings.HasPrefix(text, "+check") {
		return ""
	}
	return reAnnot.FindString(text)
}

// blockWords reports whether the text after "guards"/"protects" refers to
// the fields that follow ("following", "the fields below", "the rest").
func blockWords(rest string) bool {
	ws := strings.Fields(strings.ToLower(rest))
	if len(ws) > 6 {
		ws = ws[:6]
	}
	for _, w := range ws {
		w = strings.Trim(w, ".,;:()")
		switch w {
		case "following", "below", "rest", "remaining", "subsequent", "next":
			return true
		}
	}
	return false
}

// fieldAnnot handles one +checklocks-family annotation on a field or a
// package variable.
func (pc *passCtx) fieldAnnot(an *annotations, m member, owner, a string, pos token.Pos, resolve func(string) (guard, string, bool)) {
	word, arg, hasColon := strings.Cut(a, ":")
	if !knownAnnots[word] {
		pc.annotDiag(an, m.name.Pos(), "unknown annotation %q: the checklocks annotations are +checklocks:<lock>, +checklocksread:<lock>, +checklocksignore and +checkatomic", a)
		return
	}
	switch word {
	case "+checklocks", "+checklocksread":
		if !hasColon || arg == "" {
			pc.annotDiag(an, m.name.Pos(), "malformed annotation %q: want %s:<lock>", a, word)
			return
		}
		g, disp, ok := resolve(arg)
		if !ok {
			if m.obj.IsField() {
				pc.annotDiag(an, m.name.Pos(), "%s names no lock: %s has no field %s", a, owner, arg)
			} else {
				pc.annotDiag(an, m.name.Pos(), "%s names no lock: the package has no variable %s", a, arg)
			}
			return
		}
		if g.path == "" && g.global == "" {
			pc.annotDiag(an, m.name.Pos(), "%s names %s, which is not a mutex", a, arg)
			return
		}
		an.fields[m.obj] = &declGuard{g: g, form: formChecklocks, name: disp, pos: pos}
	case "+checkatomic":
		an.atomic[m.obj] = pos
	}
}

// annotDiag records a malformed annotation.
func (pc *passCtx) annotDiag(an *annotations, pos token.Pos, format string, args ...any) {
	an.diags = append(an.diags, annotDiag{pos: pos, msg: fmt.Sprintf(format, args...)})
}

// readFunc reads a function's doc comment: checklocks annotations, "must be
// called with mu held", and the …Locked naming convention.
func (pc *passCtx) readFunc(an *annotations, d *ast.FuncDecl) {
	obj, _ := pc.pass.TypesInfo.Defs[d.Name].(*types.Func)
	if obj == nil {
		return
	}
	note := &funcNote{}
	name := obj.Name()
	if strings.HasSuffix(name, "Locked") || strings.HasSuffix(name, "_locked") || strings.HasSuffix(name, "locked") && len(name) > 6 && name != "Unlocked" && !strings.HasSuffix(name, "Unlocked") && !strings.HasSuffix(name, "unlocked") {
		note.wildcard = true
	}
	if strings.HasSuffix(name, "Unlocked") || strings.HasSuffix(name, "unlocked") {
		note.wildcard = false
	}
	sig, _ := obj.Type().(*types.Signature)
	var params []*types.Var
	if sig != nil {
		if sig.Recv() != nil {
			params = append(params, sig.Recv())
		}
		for i := 0; i < sig.Params().Len(); i++ {
			params = append(params, sig.Params().At(i))
		}
	}
	if d.Doc != nil {
		for _, c := range d.Doc.List {
			if a := annotAt(lineText(c)); a != "" {
				pc.funcAnnot(an, note, obj, d, params, a)
			}
		}
		if !note.wildcard {
			an.docs[obj] = d.Doc // read for "must be called with mu held" when needed
		}
	}
	if note.ignore || note.wildcard || len(note.requires) > 0 {
		an.funcs[obj] = note
	}
}

// docRequiresLock reports whether obj's doc comment says it runs with a
// lock held ("must be called with mu held", "Lock is assumed held"). The
// regexps run on demand, once per function.
func (pc *passCtx) docRequiresLock(obj *types.Func) bool {
	doc := pc.an.docs[obj]
	if doc == nil {
		return false
	}
	if v, ok := pc.an.docMemo[obj]; ok {
		return v
	}
	v := false
	for _, c := range doc.List {
		if annotAt(lineText(c)) == "" && reRequiresDoc.MatchString(lineText(c)) {
			v = true
			break
		}
	}
	if !v {
		v = reRequiresDoc.MatchString(strings.ReplaceAll(doc.Text(), "\n", " "))
	}
	pc.an.docMemo[obj] = v
	return v
}

// funcAnnot handles one +checklocks-family annotation on a function.
func (pc *passCtx) funcAnnot(an *annotations, note *funcNote, obj *types.Func, d *ast.FuncDecl, params []*types.Var, a string) {
	word, arg, hasColon := strings.Cut(a, ":")
	if !knownAnnots[word] {
		pc.annotDiag(an, d.Name.Pos(), "unknown annotation %q: the checklocks annotations are +checklocks:<lock>, +checklocksread:<lock>, +checklocksignore and +checkatomic", a)
		return
	}
	switch word {
	case "+checklocksignore", "+checklocksforce", "+checklocksfail", "+checklocksignorecontext":
		note.ignore = true
	case "+checklocks", "+checklocksread", "+checklocksacquire", "+checklocksacquireread", "+checklocksrelease", "+checklocksreleaseread":
		if !hasColon || arg == "" {
			pc.annotDiag(an, d.Name.Pos(), "malformed annotation %q: want %s:<param>.<lock>", a, word)
			return
		}
		first, rest, _ := strings.Cut(arg, ".")
		idx := -1
		for i, p := range params {
			if p.Name() == first {
				idx = i
			}
		}
		if idx < 0 {
			if v, ok := pc.pass.Pkg.Scope().Lookup(first).(*types.Var); ok && v != nil {
				return // a package-level lock: held on entry, checked by the engine's summaries
			}
			pc.annotDiag(an, d.Name.Pos(), "%s names no parameter %s of %s", a, first, obj.Name())
			return
		}
		path, ok := lockPath(params[idx].Type(), rest)
		if !ok {
			pc.annotDiag(an, d.Name.Pos(), "%s names no lock: %s has no field %s", a, first, rest)
			return
		}
		if word == "+checklocks" || word == "+checklocksread" || word == "+checklocksrelease" || word == "+checklocksreleaseread" {
			note.requires = append(note.requires, entryReq{param: idx, path: path, read: strings.HasSuffix(word, "read")})
		}
	}
}

// lockPath converts a dotted field path below a value of type t ("mu",
// "inner.mu") into a lock-key path (".mu", ".inner*.mu", ".mu*" for a
// *sync.Mutex field), checking that it ends at a lock.
func lockPath(t types.Type, dotted string) (string, bool) {
	if dotted == "" {
		return "", false
	}
	// The value itself is a pointer to the struct (a receiver): the key of
	// the struct is the pointer's, with no "*" segment.
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	var b strings.Builder
	segs := strings.Split(dotted, ".")
	for i, seg := range segs {
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return "", false
		}
		var f *types.Var
		for j := 0; j < st.NumFields(); j++ {
			if st.Field(j).Name() == seg {
				f = st.Field(j)
			}
		}
		if f == nil {
			return "", false
		}
		b.WriteString("." + seg)
		t = f.Type()
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			b.WriteString("*") // the key of a load through the field
			t = u.Elem()
		case *types.Interface:
			b.WriteString("*") // a sync.Locker field is loaded too
		}
		if i == len(segs)-1 && !isLockVar(f.Type()) {
			return "", true // resolved, but not a lock
		}
	}
	return b.String(), true
}

// resolveInStruct resolves a lock name written in a struct's field comment:
// a field path of the struct ("mu", "inner.mu"), the same after a leading
// receiver or type name ("cc.mu", "Server.mu"), or a package-level lock.
// ok with an empty guard means the name resolves to something that is not a
// lock.
func (pc *passCtx) resolveInStruct(s *types.Struct, name string) (guard, string, bool) {
	try := func(n string) (guard, string, bool) {
		p, ok := lockPath(s, n)
		if !ok {
			return guard{}, "", false
		}
		return guard{path: p}, n, true
	}
	if g, d, ok := try(name); ok {
		return g, d, true
	}
	if _, rest, ok := strings.Cut(name, "."); ok {
		if g, d, ok := try(rest); ok {
			return g, d, true
		}
	}
	return pc.resolveGlobal(name)
}

// resolveGlobal resolves a package-level lock ("mu", "state.mu").
func (pc *passCtx) resolveGlobal(name string) (guard, string, bool) {
	first, rest, _ := strings.Cut(name, ".")
	v, ok := pc.pass.Pkg.Scope().Lookup(first).(*types.Var)
	if !ok || v == nil {
		return guard{}, "", false
	}
	gname := pc.pass.Pkg.Path() + "." + first
	if rest == "" {
		if !isLockVar(v.Type()) {
			return guard{}, name, true
		}
		switch v.Type().Underlying().(type) {
		case *types.Pointer, *types.Interface:
			return guard{global: gname, path: "*"}, name, true
		}
		return guard{global: gname}, name, true
	}
	p, ok := lockPath(v.Type(), rest)
	if !ok {
		return guard{}, "", false
	}
	if p == "" {
		return guard{}, name, true
	}
	if _, isPtr := v.Type().Underlying().(*types.Pointer); isPtr {
		p = "*" + p
	}
	return guard{global: gname, path: p}, name, true
}

// isLockVar reports whether a variable of type t is a lock: a Mutex or
// RWMutex (or a pointer to one), or a sync.Locker.
func isLockVar(t types.Type) bool {
	if syncapi.IsLockType(t) {
		return true
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj() != nil && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Locker"
	}
	return false
}

// embeddedIdent is the identifier of an embedded field's type (sync.Mutex →
// Mutex, *T → T, T[int] → T).
func embeddedIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.StarExpr:
			e = x.X
		case *ast.SelectorExpr:
			return x.Sel
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		default:
			return nil
		}
	}
}

func (pc *passCtx) line(p token.Pos) int {
	return pc.pass.Fset.Position(p).Line
}
