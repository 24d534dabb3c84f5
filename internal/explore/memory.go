package explore

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

func (m *machine) slice(st *state, gi int, ins *ssa.Slice) value {
	x := m.eval(st, gi, ins.X)
	bound := func(v ssa.Value, def int64) (int64, bool) {
		if v == nil {
			return def, true
		}
		b := m.eval(st, gi, v)
		if b.k != kInt {
			return 0, false
		}
		return b.n, true
	}
	switch x.k {
	case kNil:
		return x
	case kSlice:
		if x.ln < 0 {
			break
		}
		lo, ok1 := bound(ins.Low, 0)
		hi, ok2 := bound(ins.High, x.ln)
		if !ok1 || !ok2 || lo < 0 || hi < lo {
			break
		}
		// within the backing array (capacity is not tracked: reslicing
		// beyond the length reads zero values of the array object)
		o := st.objs[x.obj]
		if n := aggLen(o.typ); n >= 0 && x.n+hi > n {
			break
		}
		return value{k: kSlice, obj: x.obj, n: x.n + lo, ln: hi - lo, typ: ins.Type()}
	case kPtr:
		if x.path != "" {
			break
		}
		o := st.objs[x.obj]
		n := aggLen(o.typ)
		if _, isArr := o.typ.Underlying().(*types.Array); !isArr || n < 0 {
			break
		}
		lo, ok1 := bound(ins.Low, 0)
		hi, ok2 := bound(ins.High, n)
		if !ok1 || !ok2 || lo < 0 || hi < lo || hi > n {
			break
		}
		return value{k: kSlice, obj: x.obj, n: lo, ln: hi - lo, typ: ins.Type()}
	case kStr:
		lo, ok1 := bound(ins.Low, 0)
		hi, ok2 := bound(ins.High, int64(len(x.s)))
		if ok1 && ok2 && lo >= 0 && hi >= lo && hi <= int64(len(x.s)) {
			return value{k: kStr, s: x.s[lo:hi]}
		}
	}
	return m.fresh(st, ins.Type())
}

// mapFind returns the index of key k in the map, -1 if it is certainly
// absent, or -2 if that cannot be decided.
func mapFind(ms *mapState, k value) int {
	undecided := false
	for i, key := range ms.keys {
		eq, ok := sameValue(key, k)
		if !ok {
			undecided = true
			continue
		}
		if eq {
			return i
		}
	}
	if undecided || ms.incomplete {
		return -2
	}
	return -1
}

func (m *machine) lookup(st *state, gi int, ins *ssa.Lookup) value {
	x := m.eval(st, gi, ins.X)
	k := m.eval(st, gi, ins.Index)
	var elem types.Type
	if mt, ok := ins.X.Type().Underlying().(*types.Map); ok {
		elem = mt.Elem()
	}
	result := func(v value, found value) value {
		if ins.CommaOk {
			return value{k: kTuple, sub: []value{v, found}}
		}
		return v
	}
	switch x.k {
	case kNil:
		return result(zero(elem), boolVal(false))
	case kMap:
		ms := st.objs[x.obj].mp
		switch i := mapFind(ms, k); {
		case i >= 0:
			return result(ms.vals[i], boolVal(true))
		case i == -1 && !st.unknownReaches(x.obj):
			return result(zero(elem), boolVal(false))
		}
	case kStr:
		if k.k == kInt && k.n >= 0 && k.n < int64(len(x.s)) {
			return intVal(int64(x.s[k.n]))
		}
	}
	if elem == nil {
		return st.newSym()
	}
	return result(m.fresh(st, elem), st.newSym())
}

func (m *machine) mapUpdate(st *state, mp, k, v value) bool {
	switch mp.k {
	case kNil:
		return false // assignment to entry in nil map
	case kMap:
		o := st.obj(mp.obj)
		ms := o.mp
		switch i := mapFind(ms, k); {
		case i >= 0:
			ms.vals[i] = v
		default:
			if i == -2 {
				ms.incomplete = true
			}
			ms.keys = append(ms.keys, k)
			ms.vals = append(ms.vals, v)
		}
		return true
	}
	st.escape(k)
	st.escape(v)
	return true
}

func (m *machine) mapDelete(st *state, mp, k value) {
	if mp.k != kMap {
		return
	}
	o := st.obj(mp.obj)
	ms := o.mp
	switch i := mapFind(ms, k); {
	case i >= 0:
		ms.keys = append(ms.keys[:i:i], ms.keys[i+1:]...)
		ms.vals = append(ms.vals[:i:i], ms.vals[i+1:]...)
	case i == -2:
		ms.incomplete = true
	}
}

func (m *machine) typeAssert(st *state, gi int, ins *ssa.TypeAssert) (outcome, []*state) {
	x := m.eval(st, gi, ins.X)
	at := ins.AssertedType
	_, toIface := at.Underlying().(*types.Interface)
	res := func(v value, ok bool) {
		if ins.CommaOk {
			if !ok {
				v = zero(at)
			}
			m.set(st, gi, ins, value{k: kTuple, sub: []value{v, boolVal(ok)}})
		} else {
			m.set(st, gi, ins, v)
		}
	}
	switch x.k {
	case kNil:
		if !ins.CommaOk {
			return okDiscard, nil
		}
		res(value{}, false)
	case kIface:
		var ok bool
		if toIface {
			ok = types.Implements(x.typ, at.Underlying().(*types.Interface))
		} else {
			ok = types.Identical(x.typ, at)
		}
		if !ok && !ins.CommaOk {
			return okDiscard, nil
		}
		if toIface {
			res(x, ok)
		} else {
			res(x.sub[0], ok)
		}
	case kSpecial:
		if toIface {
			res(x, true)
		} else if ins.CommaOk {
			res(value{}, false)
		} else {
			m.set(st, gi, ins, unknown)
		}
	default:
		if ins.CommaOk {
			m.set(st, gi, ins, value{k: kTuple, sub: []value{m.fresh(st, at), st.newSym()}})
		} else {
			m.set(st, gi, ins, m.fresh(st, at))
		}
	}
	m.next(st, gi)
	return okNext, nil
}

// nextIter advances a range iterator over a map or string.
func (m *machine) nextIter(st *state, gi int, ins *ssa.Next) {
	it := m.eval(st, gi, ins.Iter)
	tuple := func(ok value, k, v value) value { return value{k: kTuple, sub: []value{ok, k, v}} }
	if it.k != kSpecial || it.n != spIter || len(it.sub) != 1 {
		m.set(st, gi, ins, tuple(st.benignSym(), unknown, unknown))
		return
	}
	x := it.sub[0]
	switch {
	case !ins.IsString && x.k == kMap:
		ms := st.objs[x.obj].mp
		// Iteration order is the insertion order: one of the orders Go
		// may choose.
		if it.ln < int64(len(ms.keys)) {
			i := it.ln
			m.set(st, gi, ins, tuple(boolVal(true), ms.keys[i], ms.vals[i]))
		} else {
			m.set(st, gi, ins, tuple(boolVal(false), unknown, unknown))
		}
	case !ins.IsString && x.k == kNil:
		m.set(st, gi, ins, tuple(boolVal(false), unknown, unknown))
	default:
		m.set(st, gi, ins, tuple(st.benignSym(), unknown, unknown))
	}
	next := it
	next.ln++
	m.set(st, gi, ins.Iter, next)
}

// builtin executes a call of a builtin other than close (which is
// visible). It reports false when the call panics.
func (m *machine) builtin(st *state, name string, args []value, ins *ssa.Call, pos token.Pos) (value, bool) {
	switch name {
	case "len", "cap":
		if len(args) != 1 {
			return unknown, true
		}
		return m.length(st, args[0], name == "cap"), true
	case "append":
		if len(args) != 2 || ins == nil {
			for _, a := range args {
				st.escape(a)
			}
			return unknown, true
		}
		a, ok1 := m.sliceElems(st, args[0])
		var b []value
		ok2 := false
		if args[1].k == kStr {
			ok2 = false
		} else {
			b, ok2 = m.sliceElems(st, args[1])
		}
		if !ok1 || !ok2 {
			st.escape(args[0])
			st.escape(args[1])
			return m.fresh(st, ins.Type()), true
		}
		return m.newSlice(st, ins.Type(), append(append([]value(nil), a...), b...), pos), true
	case "copy":
		if len(args) == 2 {
			dst, src := args[0], args[1]
			d, ok1 := m.sliceElems(st, dst)
			s, ok2 := m.sliceElems(st, src)
			if ok1 && ok2 && dst.k == kSlice {
				n := min(len(d), len(s))
				for i := 0; i < n; i++ {
					m.store(st, ptrVal(dst.obj, pathIndex("", dst.n+int64(i))), s[i])
				}
				return intVal(int64(n)), true
			}
			st.escape(src)
		}
		return st.newSym(), true
	case "delete":
		if len(args) == 2 {
			m.mapDelete(st, args[0], args[1])
		}
		return unknown, true
	case "panic":
		return unknown, false
	case "recover":
		return value{k: kNil}, true
	case "print", "println", "clear":
		return unknown, true
	case "min", "max":
		return unknown, true
	case "ssa:wrapnilchk":
		if len(args) > 0 {
			if args[0].k == kNil {
				return unknown, false
			}
			return args[0], true
		}
	}
	return unknown, true
}

// length is len (or cap) of x.
func (m *machine) length(st *state, x value, isCap bool) value {
	switch x.k {
	case kNil:
		return intVal(0)
	case kStr:
		return intVal(int64(len(x.s)))
	case kSlice:
		if x.ln >= 0 && !isCap {
			return intVal(x.ln)
		}
	case kMap:
		if ms := st.objs[x.obj].mp; !ms.incomplete && !isCap {
			return intVal(int64(len(ms.keys)))
		}
	case kChan:
		c := st.objs[x.obj].ch
		if isCap {
			if c.cap >= 0 {
				return intVal(c.cap)
			}
		} else if !c.env {
			return intVal(int64(len(c.buf)))
		}
	case kAgg:
		if n := aggLen(x.typ); n >= 0 {
			return intVal(n)
		}
	case kUnknown:
		if x.sym > 0 && x.s == "" && x.n == 0 {
			return st.derivedSym(x.sym, isCap)
		}
	}
	v := st.newSym()
	st.syms[v.sym] = symCons{lo: 0, hi: maxInt, benign: true}
	return v
}
