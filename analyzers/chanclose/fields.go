package chanclose

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/chanmodel"
)

// checkFields reports, on the channel model's field summaries, two misuses
// of a channel field across the methods of its type:
//
//  1. two functions both close the field of the same object (both reach it
//     from the receiver of a method of the type), neither close is guarded
//     (a sync.Once, or a test of the object's state before the close) and
//     neither function runs inside the other: Close plus the error path of
//     a serve loop, CloseSend plus Close. Whichever runs second panics;
//  2. with -latesend (off by default): a send on the field in one
//     function while another closes it with no guard against late
//     senders: the send is not behind a test of the object's state, and
//     the closer does not wait (WaitGroup.Wait or a receive) before
//     closing. A send after Close panics; on real code most such pairs
//     are documented contracts ("no Put after Close") or Close methods
//     nobody calls (docs/evaluation/chanclose.md).
//
// A function that defers a recover handles the panic itself: silent.
//
// Only fields whose every operation is known count (chanmodel.Field not
// Unknown); a field handed out as <-chan T still counts, since receivers
// can neither send nor close.
func (pc *passCtx) checkFields(m *chanmodel.Model) {
	if m == nil || m.Incomplete {
		return
	}
	for _, f := range m.Fields {
		if f.Kind != chanmodel.ChanField || f.Unknown {
			continue
		}
		var closes, sends []*chanmodel.FieldOp
		for _, o := range f.Ops {
			if o.Base == nil || o.Op == nil || o.Op.Callee != nil || o.Op.Async || m.Receiver(o.Base) == nil {
				continue // not on the receiver's own object: another instance may be meant
			}
			switch o.Kind {
			case chanmodel.FieldClose:
				closes = append(closes, o)
			case chanmodel.FieldSend:
				sends = append(sends, o)
			}
		}
		if len(closes) == 0 {
			continue
		}
		guards := make(map[*chanmodel.FieldOp]chanmodel.Guard)
		guard := func(o *chanmodel.FieldOp) chanmodel.Guard {
			g, ok := guards[o]
			if !ok {
				g = m.Guards(o)
				guards[o] = g
			}
			return g
		}
		// apart reports whether two functions run independently: neither
		// runs inside the other's call.
		apart := func(a, b *ssa.Function) bool {
			if a == b {
				return false
			}
			ra, rb := m.Region(a), m.Region(b)
			return ra != nil && rb != nil && !ra[b] && !rb[a]
		}
		// Two exported methods that each close (Stop and StopNow, finish
		// and finishOK) may be alternatives a caller picks one of. A pair
		// is a sequence when one side is a background goroutine of the
		// package or runs inside Close, which every owner calls last.
		sequence := func(a, b *ssa.Function) bool {
			return pc.background(m, a) || pc.background(m, b) || pc.inClose(m, a) || pc.inClose(m, b)
		}
		const noDouble = chanmodel.GuardOnce | chanmodel.GuardFlag | chanmodel.GuardRecover
		for _, x := range closes {
			if guard(x)&noDouble != 0 {
				continue
			}
			for _, y := range closes {
				if y.Pos >= x.Pos || !apart(x.Fn, y.Fn) || !sequence(x.Fn, y.Fn) || guard(y)&noDouble != 0 {
					continue
				}
				pc.report(analysis.Diagnostic{
					Pos:      x.Pos,
					Category: catDoubleClose,
					Message: fmt.Sprintf("close of %s can panic: %s also closes it (line %d), and neither close is guarded by a sync.Once or a flag tested before it",
						f.Name(), funcDisplay(y.Fn), pc.line(y.Pos)),
					Related: []analysis.RelatedInformation{{Pos: y.Pos, Message: "the other close"}},
				})
				break
			}
		}
		if !pc.lateSend {
			continue
		}
		for _, s := range sends {
			if guard(s)&noDouble != 0 {
				continue
			}
			for _, cl := range closes {
				if !apart(s.Fn, cl.Fn) || !sequence(s.Fn, cl.Fn) || guard(cl)&chanmodel.GuardWaited != 0 {
					continue
				}
				pc.report(analysis.Diagnostic{
					Pos:      s.Pos,
					Category: catSendAfterClose,
					Message: fmt.Sprintf("send on %s can panic: %s closes it (line %d), and nothing stops a send after the close",
						f.Name(), funcDisplay(cl.Fn), pc.line(cl.Pos)),
					Related: []analysis.RelatedInformation{{Pos: cl.Pos, Message: "the close"}},
				})
				break
			}
		}
	}
}

// funcDisplay names a function as a reader finds it: (*T).M, pkg-level F,
// or the function a closure is written in.
func funcDisplay(fn *ssa.Function) string {
	lit := ""
	for fn.Parent() != nil {
		fn, lit = fn.Parent(), "a function literal in "
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return lit + fn.Name()
	}
	if recv := obj.Signature().Recv(); recv != nil {
		return lit + "(" + types.TypeString(recv.Type(), func(*types.Package) string { return "" }) + ")." + obj.Name()
	}
	return lit + obj.Name()
}

// background reports whether fn runs on a goroutine the package starts.
func (pc *passCtx) background(m *chanmodel.Model, fn *ssa.Function) bool {
	return len(m.GoroutinesRunning(fn)) > 0
}

// inClose reports whether fn runs inside a method named Close of the
// package (io.Closer's convention: the owner calls it last, after
// whatever else it called).
func (pc *passCtx) inClose(m *chanmodel.Model, fn *ssa.Function) bool {
	for _, f := range pc.closeMethods() {
		if m.Region(f)[fn] {
			return true
		}
	}
	return false
}

func (pc *passCtx) closeMethods() []*ssa.Function {
	if pc.closers == nil {
		pc.closers = []*ssa.Function{}
		for _, fn := range pc.funcs {
			if fn.Signature.Recv() != nil && fn.Name() == "Close" && fn.Parent() == nil {
				pc.closers = append(pc.closers, fn)
			}
		}
	}
	return pc.closers
}
