package explore

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// kind is the shape of an abstract value.
type kind uint8

const (
	kUnknown kind = iota // anything; sym > 0 names a symbol with constraints
	kInt                 // n (booleans are 0/1)
	kStr                 // s
	kNil                 // the nil pointer, channel, map, slice, func or interface
	kPtr                 // the address of cell (obj, path)
	kFunc                // fn, with sub = closure bindings
	kAgg                 // a struct or array value: sub = elements; nil sub = zero of typ
	kSlice               // obj = backing array, n = offset, ln = length
	kTuple               // sub = components
	kIface               // typ = dynamic type, sub[0] = the value
	kChan                // obj = channel object
	kMap                 // obj = map object
	kSpecial             // n = special kind, sub = operands (cancel funcs, RLocker, ...)
)

// Special values: things the interpreter makes that are not memory.
const (
	spCancel   = iota + 1 // a context's cancel function; obj = the context object
	spRLocker             // rw.RLocker(); sub[0] = the pointer to the RWMutex
	spCtx                 // a context; obj = the context object
	spTimer               // *time.Timer/*time.Ticker; obj = the timer object (field C)
	spOnceFunc            // reserved
)

// value is an abstract value. It is immutable once stored: every update
// builds a new value (sub slices are never written in place).
type value struct {
	k    kind
	n    int64
	ln   int64 // slice length (-1 unknown)
	obj  int32
	sym  int32 // for kUnknown: the symbol, 0 = none
	path string
	s    string
	fn   *ssa.Function
	typ  types.Type
	sub  []value
}

var unknown = value{k: kUnknown}

func intVal(n int64) value { return value{k: kInt, n: n} }

func boolVal(b bool) value {
	if b {
		return value{k: kInt, n: 1}
	}
	return value{k: kInt, n: 0}
}

func ptrVal(obj int32, path string) value { return value{k: kPtr, obj: obj, path: path} }

// known reports whether v is a constant (int, bool or string) or nil.

// equal reports whether two values are the same abstract value.
// Unknown values are equal only to themselves when they carry the same
// symbol.
func equal(a, b value) bool {
	if a.k != b.k || a.n != b.n || a.ln != b.ln || a.obj != b.obj || a.sym != b.sym ||
		a.path != b.path || a.s != b.s || a.fn != b.fn || len(a.sub) != len(b.sub) {
		return false
	}
	if a.typ != b.typ && (a.typ == nil || b.typ == nil || !types.Identical(a.typ, b.typ)) {
		return false
	}
	for i := range a.sub {
		if !equal(a.sub[i], b.sub[i]) {
			return false
		}
	}
	return true
}

// path encoding: a cell path is a string of components, each a byte tag and
// a varint: 'f' field index, 'i' array/slice element index.
func pathField(p string, i int) string   { return p + "f" + itoa(i) + "." }
func pathIndex(p string, i int64) string { return p + "i" + itoa64(i) + "." }

func itoa(i int) string { return itoa64(int64(i)) }

func itoa64(i int64) string {
	if i >= 0 && i < 10 {
		return string(rune('0' + i))
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	pos := len(b)
	for i > 0 {
		pos--
		b[pos] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		pos--
		b[pos] = '-'
	}
	return string(b[pos:])
}

// splitPath returns the components of a path: tag and number.
func splitPath(p string) []pathElem {
	var out []pathElem
	for len(p) > 0 {
		tag := p[0]
		j := 1
		for j < len(p) && p[j] != '.' {
			j++
		}
		var n int64
		neg := false
		for _, c := range p[1:j] {
			if c == '-' {
				neg = true
				continue
			}
			n = n*10 + int64(c-'0')
		}
		if neg {
			n = -n
		}
		out = append(out, pathElem{tag, n})
		if j < len(p) {
			j++
		}
		p = p[j:]
	}
	return out
}

type pathElem struct {
	tag byte
	n   int64
}

// zero returns the zero value of t.
func zero(t types.Type) value {
	if t == nil {
		return unknown
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0, u.Info()&types.IsInteger != 0:
			return intVal(0)
		case u.Info()&types.IsString != 0:
			return value{k: kStr}
		case u.Kind() == types.UnsafePointer, u.Kind() == types.UntypedNil:
			return value{k: kNil}
		}
		return unknown // floats, complex numbers
	case *types.Pointer, *types.Chan, *types.Map, *types.Signature, *types.Interface, *types.Slice:
		return value{k: kNil}
	case *types.Struct, *types.Array:
		return value{k: kAgg, typ: t}
	}
	return unknown
}

// elemType returns the type of element i of an aggregate of type t.
func elemType(t types.Type, tag byte, i int64) types.Type {
	if t == nil {
		return nil
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		if tag == 'f' && i >= 0 && int(i) < u.NumFields() {
			return u.Field(int(i)).Type()
		}
	case *types.Array:
		if tag == 'i' {
			return u.Elem()
		}
	case *types.Slice:
		if tag == 'i' {
			return u.Elem()
		}
	}
	return nil
}

// aggLen is the number of elements of an aggregate of type t that the
// interpreter materialises, or -1.
func aggLen(t types.Type) int64 {
	switch u := t.Underlying().(type) {
	case *types.Struct:
		return int64(u.NumFields())
	case *types.Array:
		return u.Len()
	}
	return -1
}

// aggGet returns element (tag, i) of the aggregate v of type t.
func aggGet(v value, t types.Type, tag byte, i int64) value {
	if v.k != kAgg {
		return unknown
	}
	et := elemType(t, tag, i)
	if v.sub == nil || i < 0 || i >= int64(len(v.sub)) {
		if v.sub == nil {
			return zero(et)
		}
		return unknown
	}
	return v.sub[i]
}

// aggSet returns the aggregate v (of type t) with element i replaced by x.
func aggSet(v value, t types.Type, i int64, x value) value {
	n := aggLen(t)
	if v.k != kAgg || n < 0 || i < 0 || i >= n || n > maxAggLen {
		return value{k: kUnknown}
	}
	sub := make([]value, n)
	if v.sub == nil {
		for j := range sub {
			tag := byte('f')
			if _, ok := t.Underlying().(*types.Array); ok {
				tag = 'i'
			}
			sub[j] = zero(elemType(t, tag, int64(j)))
		}
	} else {
		copy(sub, v.sub)
	}
	sub[i] = x
	return value{k: kAgg, typ: t, sub: sub}
}

// maxAggLen bounds the arrays the interpreter materialises element-wise.
const maxAggLen = 64
