package chanmodel

import (
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/ssacfg"
	"github.com/conclint/conclint/internal/syncapi"
)

// # Fields
//
// Most channels, Conds and WaitGroups of real services live in struct
// fields: a server's quit channel, a worker's jobs, a queue's Cond, an
// owner's WaitGroup. An unexported field of a type declared in the package
// can be touched only by the package's own code, so every operation on it
// is visible here. Model.Fields lists, per field of kind channel, Cond or
// WaitGroup, every operation the package performs on it: stores (make,
// nil), sends, receives, ranges, select cases, closes, Signal, Broadcast,
// Wait, Add, Done, with the function and the struct value the field was
// selected from (FieldOp.Base).
//
// Fields are keyed by (named type, field index): the abstraction merges
// every instance of the type, so "nobody closes T.ch" is a fact about all
// instances, while "these two closes are on one instance" needs Base
// (clients compare bases, e.g. both are the receiver of a method of T).
//
// A field is Unknown (clients stay silent) when code outside the package
// may operate on it: it is exported or embedded; its address is handed to
// code the model cannot see or stored; a channel stored in it escapes (or
// came from outside: a parameter, a call result); a Cond or WaitGroup in
// it is used other than through its methods. A channel handed out only
// as <-chan T (Field.RecvOut) stays known for sends and closes: receivers
// may be anywhere, but nobody outside can send on it or close it.
//
// Inv: for a Field that is not Unknown, Ops lists every send, close,
// Signal, Broadcast, Add and Done that can operate on it anywhere in the
// program, and, unless RecvOut, every receive and Wait.

// FieldKind is the kind of a tracked field.
type FieldKind int

const (
	ChanField      FieldKind = iota + 1 // chan T
	CondField                           // sync.Cond or *sync.Cond
	WaitGroupField                      // sync.WaitGroup or *sync.WaitGroup
)

// FieldKey identifies a field: the struct type (the origin *types.Named,
// or a *types.Struct) and the field's index in it.
type FieldKey struct {
	Type  types.Type
	Index int
}

// Field is the lifecycle of one field of the package.
type Field struct {
	Key     FieldKey
	Var     *types.Var
	Kind    FieldKind
	Pointer bool // *sync.Cond or *sync.WaitGroup (every store a fresh one, unless Unknown)
	// Unknown is set when code the model cannot see may operate on the
	// field; Why says what (for debugging and documentation).
	Unknown bool
	Why     string
	// RecvOut: a channel of the field is handed out receive-only.
	RecvOut bool
	// Chans are the channel allocation sites the field may hold.
	Chans []*Chan
	// Buffered is set when a channel the field may hold has a buffer
	// (or a size that is not a constant 0).
	Buffered bool
	Ops      []*FieldOp // in deterministic (function, position) order
}

// Name renders the field as "T.f".
func (f *Field) Name() string {
	if n, ok := f.Key.Type.(*types.Named); ok {
		return n.Obj().Name() + "." + f.Var.Name()
	}
	return f.Var.Name()
}

// OpsOf returns the operations of the given kinds.
func (f *Field) OpsOf(kinds ...FieldOpKind) []*FieldOp {
	var out []*FieldOp
	for _, o := range f.Ops {
		for _, k := range kinds {
			if o.Kind == k {
				out = append(out, o)
				break
			}
		}
	}
	return out
}

// Stored reports whether the package stores a channel (or Cond, WaitGroup)
// in the field. A field it never stores one in is nil, or set by code the
// model does not see (reflection, unsafe, incomplete code): reasoning about
// who closes its channel has nothing to stand on.
func (f *Field) Stored() bool {
	return len(f.Chans) > 0 || f.Has(FieldMake, FieldAssign)
}

// Has reports whether some operation has one of the kinds.
func (f *Field) Has(kinds ...FieldOpKind) bool { return len(f.OpsOf(kinds...)) > 0 }

// FieldOpKind is the kind of an operation on a field.
type FieldOpKind int

const (
	FieldMake      FieldOpKind = iota + 1 // a fresh channel (or Cond, WaitGroup) stored in the field
	FieldNil                              // nil stored in the field
	FieldSend                             // send, or a send case of a select
	FieldRecv                             // receive, or a receive case of a select
	FieldRange                            // the receive of a range loop
	FieldClose                            // close
	FieldSignal                           // Cond.Signal
	FieldBroadcast                        // Cond.Broadcast
	FieldCondWait                         // Cond.Wait
	FieldAdd                              // WaitGroup.Add
	FieldDone                             // WaitGroup.Done
	FieldWait                             // WaitGroup.Wait
	FieldGo                               // WaitGroup.Go
	FieldAssign                           // another value stored in the field (a channel made elsewhere in the package)
)

var fieldOpNames = [...]string{"", "make", "nil", "send", "receive", "range", "close", "Signal", "Broadcast", "Wait", "Add", "Done", "Wait", "Go", "assign"}

func (k FieldOpKind) String() string {
	if int(k) < len(fieldOpNames) {
		return fieldOpNames[k]
	}
	return "?"
}

// FieldOp is one operation on a field.
type FieldOp struct {
	Kind  FieldOpKind
	Fn    *ssa.Function
	Instr ssa.Instruction
	Pos   token.Pos
	// Base is the struct pointer (or struct value) the field was selected
	// from, when the operand is a direct selection (s.ch, &s.wg); nil when
	// the operation reaches a channel of the field through another value
	// (a local copy passed to a helper, another field holding the same
	// channel).
	Base ssa.Value
	// Op is the channel operation (channel fields, not for stores).
	Op       *Op
	Deferred bool // a deferred call (defer close(s.ch), defer s.wg.Done())
}

// Blocks reports whether the operation may wait for the field alone: a
// plain send, receive or range, a select without default whose only case
// it is, Cond.Wait, WaitGroup.Wait.
func (o *FieldOp) Blocks() bool {
	switch o.Kind {
	case FieldCondWait, FieldWait:
		return !o.Deferred
	case FieldSend, FieldRecv, FieldRange:
		return o.Op != nil && o.Op.Blocks()
	}
	return false
}

// Field returns the summary of field index of the struct type t (a named
// type, possibly instantiated, or a pointer to one), or nil when the field
// is not tracked.
func (m *Model) Field(t types.Type, index int) *Field {
	return m.fields[fieldKeyOf(t, index)]
}

// FieldOf returns the summary of the field a value selects, when v is a
// direct selection of a tracked field (the load of s.ch, s.ch on a struct
// value, or &s.wg), and the struct value it is selected from.
func (m *Model) FieldOf(v ssa.Value) (*Field, ssa.Value) {
	k, base, ok := selection(v)
	if !ok {
		return nil, nil
	}
	return m.fields[k], base
}

func fieldKeyOf(t types.Type, index int) FieldKey {
	t = structOf(types.Unalias(t))
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		t = n.Origin()
	}
	return FieldKey{t, index}
}

// selection returns the field a value directly selects: a load of s.ch
// (through conversions), s.ch on a struct value, or the address &s.f.
func selection(v ssa.Value) (FieldKey, ssa.Value, bool) {
	for i := 0; i < 8; i++ {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return FieldKey{}, nil, false
			}
			if fa, ok := x.X.(*ssa.FieldAddr); ok {
				return fieldKeyOf(fa.X.Type(), fa.Field), fa.X, true
			}
		case *ssa.Field:
			return fieldKeyOf(x.X.Type(), x.Field), x.X, true
		case *ssa.FieldAddr:
			return fieldKeyOf(x.X.Type(), x.Field), x.X, true
		}
		break
	}
	return FieldKey{}, nil, false
}

// ownField reports whether only this package can reach field k: an
// unexported, non-embedded field of a struct type declared here (or of an
// unnamed struct type).
func (b *builder) ownField(k fieldKey) bool {
	v := ssacfg.FieldOf(k.typ, k.field)
	if v == nil || v.Exported() || v.Embedded() {
		return false
	}
	if n, ok := k.typ.(*types.Named); ok {
		return n.Obj().Pkg() == b.pkg.Pkg
	}
	return true
}

// syncKind classifies t as a Cond or WaitGroup (or a pointer to one).
func syncKind(t types.Type) (FieldKind, bool, bool) {
	ptr := false
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t, ptr = p.Elem(), true
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return 0, false, false
	}
	switch n.Obj().Name() {
	case "Cond":
		return CondField, ptr, true
	case "WaitGroup":
		return WaitGroupField, ptr, true
	}
	return 0, false, false
}

// collectFields builds Model.Fields once the points-to fixpoint and the
// operations are done. esc is the set of escaping objects.
func (b *builder) collectFields(m *Model, esc map[obj]bool) {
	m.fields = make(map[FieldKey]*Field)
	get := func(k FieldKey) *Field {
		if f, ok := m.fields[k]; ok {
			return f
		}
		v := ssacfg.FieldOf(k.Type, k.Index)
		if v == nil {
			m.fields[k] = nil
			return nil
		}
		f := &Field{Key: k, Var: v}
		if _, ok := v.Type().Underlying().(*types.Chan); ok {
			f.Kind = ChanField
		} else if kind, ptr, ok := syncKind(v.Type()); ok {
			f.Kind, f.Pointer = kind, ptr
		} else {
			m.fields[k] = nil
			return nil
		}
		if !b.ownField(fieldKey{k.Type, k.Index}) {
			f.Unknown, f.Why = true, "exported, embedded or declared in another package"
		}
		m.fields[k] = f
		m.Fields = append(m.Fields, f)
		return f
	}
	unknown := func(f *Field, why string) {
		if !f.Unknown {
			f.Unknown, f.Why = true, why
		}
	}

	// Channel fields: contents of the field cell.
	for key, c := range b.cells {
		fk, ok := key.(fieldKey)
		if !ok || c.kind != cellField {
			continue
		}
		f := get(FieldKey{fk.typ, fk.field})
		if f == nil || f.Kind != ChanField {
			continue
		}
		if esc[c] {
			unknown(f, "its address reaches code the model cannot see")
		}
		for o := range b.content[c] {
			switch o := o.(type) {
			case *Chan:
				f.Chans = append(f.Chans, o)
			case *fieldTag:
				if o.key != fk {
					continue // another field's channel stored here: its makes are attributed
				}
				if esc[o] {
					unknown(f, "its channel reaches code the model cannot see")
				} else if b.recvOut[o] {
					f.RecvOut = true
				}
			default:
				unknown(f, "holds a channel from outside the package")
			}
		}
		sortChans(f.Chans)
	}

	// Stores, selections and the uses of Cond and WaitGroup fields.
	for _, fn := range b.funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				switch in := instr.(type) {
				case *ssa.FieldAddr:
					f := get(fieldKeyOf(in.X.Type(), in.Field))
					if f == nil {
						continue
					}
					if f.Kind == ChanField {
						b.chanFieldAddr(f, fn, in, unknown)
					} else {
						b.syncFieldAddr(f, fn, in, unknown)
					}
				case *ssa.Field:
					f := get(fieldKeyOf(in.X.Type(), in.Field))
					if f != nil && f.Kind != ChanField && !f.Pointer {
						unknown(f, "copied")
					}
				}
			}
		}
	}

	// Channel operations, attributed by selection or by allocation site.
	byChan := make(map[*Chan][]*Field)
	for _, f := range m.Fields {
		for _, c := range f.Chans {
			byChan[c] = append(byChan[c], f)
			if c.Escapes {
				unknown(f, "a channel it holds escapes")
			}
			if c.RecvOut {
				f.RecvOut = true
			}
			if c.Cap != 0 {
				f.Buffered = true
			}
		}
	}
	for _, fn := range b.funcs {
		for _, op := range m.byFunc[fn] {
			kind := map[Kind]FieldOpKind{Send: FieldSend, Recv: FieldRecv, Range: FieldRange, Close: FieldClose}[op.Kind]
			done := make(map[*Field]bool)
			if k, base, ok := selection(op.Value); ok && op.Callee == nil {
				if f := m.fields[k]; f != nil && f.Kind == ChanField {
					f.Ops = append(f.Ops, &FieldOp{Kind: kind, Fn: fn, Instr: op.Instr, Pos: op.Pos, Base: base, Op: op, Deferred: isDefer(op.Instr)})
					done[f] = true
				}
			}
			for _, c := range op.Chans {
				for _, f := range byChan[c] {
					if !done[f] {
						done[f] = true
						f.Ops = append(f.Ops, &FieldOp{Kind: kind, Fn: fn, Instr: op.Instr, Pos: op.Pos, Op: op, Deferred: isDefer(op.Instr)})
					}
				}
			}
		}
	}
	sort.Slice(m.Fields, func(i, j int) bool {
		a, c := m.Fields[i], m.Fields[j]
		if a.Var.Pos() != c.Var.Pos() {
			return a.Var.Pos() < c.Var.Pos()
		}
		return a.Key.Index < c.Key.Index
	})
	for _, f := range m.Fields {
		sort.SliceStable(f.Ops, func(i, j int) bool {
			if f.Ops[i].Fn != f.Ops[j].Fn {
				return f.Ops[i].Fn.Pos() < f.Ops[j].Fn.Pos()
			}
			return f.Ops[i].Pos < f.Ops[j].Pos
		})
	}
}

func isDefer(instr ssa.Instruction) bool {
	_, ok := instr.(*ssa.Defer)
	return ok
}

// chanFieldAddr records the stores into a channel field (make, nil) and
// marks the field unknown when a stored value comes from outside.
func (b *builder) chanFieldAddr(f *Field, fn *ssa.Function, fa *ssa.FieldAddr, unknown func(*Field, string)) {
	refs := fa.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		st, ok := r.(*ssa.Store)
		if !ok || st.Addr != fa {
			continue // loads are attributed through the operations; other uses are escapes the points-to saw
		}
		switch v := st.Val.(type) {
		case *ssa.Const:
			if v.IsNil() {
				f.Ops = append(f.Ops, &FieldOp{Kind: FieldNil, Fn: fn, Instr: st, Pos: st.Pos(), Base: fa.X})
			}
		case *ssa.MakeChan:
			f.Ops = append(f.Ops, &FieldOp{Kind: FieldMake, Fn: fn, Instr: st, Pos: v.Pos(), Base: fa.X})
		default:
			if len(b.chansIn(st.Val)) == 0 {
				// A value whose origin the model does not know: a
				// parameter, a call result, a receive.
				unknown(f, "holds a channel from outside the package")
			}
			f.Ops = append(f.Ops, &FieldOp{Kind: FieldAssign, Fn: fn, Instr: st, Pos: st.Pos(), Base: fa.X})
		}
	}
}

// syncFieldAddr records the uses of &s.cond / &s.wg: method calls of the
// Cond or WaitGroup (for a pointer field, of the loaded pointer) and
// stores of fresh values. Anything else makes the field unknown.
func (b *builder) syncFieldAddr(f *Field, fn *ssa.Function, fa *ssa.FieldAddr, unknown func(*Field, string)) {
	refs := fa.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != fa {
				unknown(f, "its address is stored")
				continue
			}
			if !f.Pointer || !freshSync(r.Val) {
				unknown(f, "assigned a value from elsewhere")
				continue
			}
			f.Ops = append(f.Ops, &FieldOp{Kind: FieldMake, Fn: fn, Instr: r, Pos: r.Pos(), Base: fa.X})
		case *ssa.UnOp:
			if !f.Pointer || r.Op != token.MUL {
				unknown(f, "its address is used")
				continue
			}
			b.syncUses(f, fn, r, fa.X, unknown)
		case *ssa.FieldAddr:
			// c.L of a sync.Cond field: the Cond's locker, not the Cond.
			if f.Kind != CondField || f.Pointer {
				unknown(f, "its address is used")
			}
		default:
			if f.Pointer {
				unknown(f, "its address is used")
				continue
			}
			b.syncUse(f, fn, r, fa, fa.X, unknown)
		}
	}
}

// syncUses records the uses of a Cond or WaitGroup pointer loaded from a
// field.
func (b *builder) syncUses(f *Field, fn *ssa.Function, v ssa.Value, base ssa.Value, unknown func(*Field, string)) {
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.BinOp:
			// a comparison with nil
		case *ssa.FieldAddr:
			if f.Kind != CondField {
				unknown(f, "its value is used")
			}
		default:
			b.syncUse(f, fn, r, v, base, unknown)
		}
	}
}

// syncUse records one use of a Cond or WaitGroup (its address v): a call
// of one of its methods with v as the receiver.
func (b *builder) syncUse(f *Field, fn *ssa.Function, r ssa.Instruction, v ssa.Value, base ssa.Value, unknown func(*Field, string)) {
	ci, ok := r.(ssa.CallInstruction)
	if !ok {
		unknown(f, "its address is used")
		return
	}
	if _, isGo := r.(*ssa.Go); isGo {
		unknown(f, "a method runs as a goroutine")
		return
	}
	op, recv := syncapi.CallOp(ci.Common())
	if recv != v {
		unknown(f, "its address is passed on")
		return
	}
	var k FieldOpKind
	switch op {
	case syncapi.CondWait:
		k = FieldCondWait
	case syncapi.CondSignal:
		k = FieldSignal
	case syncapi.CondBroadcast:
		k = FieldBroadcast
	case syncapi.WGAdd:
		k = FieldAdd
	case syncapi.WGDone:
		k = FieldDone
	case syncapi.WGWait:
		k = FieldWait
	case syncapi.WGGo:
		k = FieldGo
	default:
		unknown(f, "used through a method the model does not know")
		return
	}
	f.Ops = append(f.Ops, &FieldOp{Kind: k, Fn: fn, Instr: r, Pos: r.Pos(), Base: base, Deferred: isDefer(r)})
}

// freshSync reports whether v is a fresh Cond or WaitGroup: sync.NewCond,
// new(sync.WaitGroup), &sync.WaitGroup{}.
func freshSync(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Call:
		op, _ := syncapi.CallOp(v.Common())
		return op == syncapi.CondNew
	case *ssa.Alloc:
		return v.Heap
	}
	return false
}
