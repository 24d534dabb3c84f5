package hb

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/conclint/conclint/internal/syncapi"
)

// Kind is the kind of a synchronization event.
type Kind uint8

// The events of the table. Each is a release (it publishes what its
// goroutine did before it), an acquire (what follows it sees what the
// matching release published), or both; see [Pairs] for which release
// synchronizes with which acquire.
const (
	ChanSend    Kind = iota + 1 // ch <- v; a select send case
	ChanRecv                    // <-ch, range over ch, a select receive case
	ChanClose                   // close(ch)
	LockAcq                     // Lock, RLock (Read set)
	LockRel                     // Unlock, RUnlock (Read set)
	WGDone                      // (*sync.WaitGroup).Done; the end of a wg.Go function
	WGWait                      // (*sync.WaitGroup).Wait
	GroupDone                   // the end of an errgroup Go function
	GroupWait                   // (*errgroup.Group).Wait
	GroupSlot                   // (*errgroup.Group).Go taking a slot of a limited group
	OnceDo                      // (*sync.Once).Do: the first call's function happens before every return
	CondSignal                  // Signal, Broadcast
	CondWait                    // (*sync.Cond).Wait
	AtomicLoad                  // sync/atomic Load*
	AtomicWrite                 // Store*, Add*, Swap*, CompareAndSwap*, And*, Or*
	SemAcquire                  // (*semaphore.Weighted).Acquire
	SemRelease                  // (*semaphore.Weighted).Release
	BubbleWait                  // synctest.Wait: every other goroutine of the bubble is durably blocked
	Unknown                     // a call that may synchronize with anything: a function value, an interface method, code out of sight
)

var kindNames = [...]string{
	ChanSend: "send", ChanRecv: "receive", ChanClose: "close", LockAcq: "lock", LockRel: "unlock",
	WGDone: "wg.Done", WGWait: "wg.Wait", GroupDone: "group done", GroupWait: "group wait",
	GroupSlot: "group slot", OnceDo: "once.Do", CondSignal: "signal", CondWait: "cond wait",
	AtomicLoad: "atomic load", AtomicWrite: "atomic write", SemAcquire: "sem acquire",
	SemRelease: "sem release", BubbleWait: "synctest.Wait", Unknown: "unknown call",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "?"
}

// Release reports whether an event of kind k can publish its goroutine's
// earlier memory operations to another goroutine.
func (k Kind) Release() bool {
	switch k {
	case ChanSend, ChanClose, ChanRecv, LockRel, WGDone, GroupDone, OnceDo, CondSignal, AtomicWrite, SemRelease:
		return true
	}
	return false
}

// Acquire reports whether an event of kind k can observe another
// goroutine's release.
func (k Kind) Acquire() bool {
	switch k {
	case ChanRecv, ChanSend, LockAcq, WGWait, GroupWait, GroupSlot, OnceDo, CondWait, AtomicLoad, AtomicWrite, SemAcquire, BubbleWait, Unknown:
		return true
	}
	return false
}

// Strictness says which acquires count.
type Strictness uint8

const (
	// Order counts every happens-before edge of the Go memory model: a
	// lock taken after another goroutine's unlock, an atomic load that
	// observes a store, once.Do. capturerace asks this: is there an order
	// between two accesses?
	Order Strictness = iota
	// Wait counts only acquires that block until the other goroutine has
	// released: a receive, a send on a channel of capacity at most one
	// that waits for a receive, Wait, Cond.Wait, a semaphore acquire,
	// synctest.Wait, unknown calls. sleepsync asks this: does the
	// spawner wait for the goroutine, or only hope it ran?
	Wait
)

// An Event is one synchronization operation.
type Event struct {
	Kind Kind
	// Obj is the channel, lock, group, once, cond or atomic variable
	// operated on; for Unknown, the zero Loc.
	Obj Loc
	// Instr is the instruction of the analysed function where the event
	// happens: the operation itself, or the call (or defer) whose callee
	// performs it.
	Instr ssa.Instruction
	// Cap is, for channel and slot events, the channel's buffer size
	// (the group's limit): CapUnknown when the channel's making is out of
	// sight, CapLarge for a size that is not a constant.
	Cap int64
	// Read marks RLock/RUnlock.
	Read bool
	// Deferred events run when the function returns; Exit events are
	// implicit at the end of a goroutine (wg.Go's Done, errgroup's slot).
	Deferred, Exit bool
	// ValueOnly marks a receive, seen from the instruction it precedes,
	// that reaches it only when it got a value (the body of a range over
	// a channel, v, ok := <-ch; if !ok { return }): a close does not
	// pair with it.
	ValueOnly bool
}

// Capacities of channels whose size is not a known constant.
const (
	CapUnknown int64 = -1 // made out of sight: may be a capacity-one semaphore
	CapLarge   int64 = -2 // made with a size that is not a constant: a semaphore of N
)

// Pairs reports whether the release r (on one goroutine) can synchronize
// with the acquire q (on another) under strictness s, given how their
// objects alias. capBound reports a channel or group pair that would have
// ordered the two but for a capacity above one: a semaphore of N admits N
// goroutines at once and orders nothing between them.
//
// The table (Go memory model, https://go.dev/ref/mem):
//
//   - send → receive of the same channel, close → receive;
//   - receive → a later send of a channel of capacity C completes only
//     C sends later: with C ≤ 1 the k-th receive happens before the
//     (k+1)-th send returns (a semaphore of one, a mutex); with C > 1 the
//     receive orders nothing for the next sender (CapUnknown counts as one,
//     CapLarge as more). Under Wait only an unbuffered channel's send
//     waits for the receive of its own value;
//   - unlock → lock of the same mutex (Order only);
//   - wg.Done → wg.Wait; an errgroup function's end → g.Wait; the end of a
//     goroutine of a limited group → the next g.Go, by the limit like a
//     channel;
//   - Signal/Broadcast → Cond.Wait;
//   - an atomic write → an atomic load or read-modify-write of the same
//     variable (Order only); once.Do → once.Do of the same Once (Order
//     only);
//   - semaphore Release → Acquire, by the weight like a channel;
//   - anything → an Unknown call or synctest.Wait.
func Pairs(r, q Event, s Strictness, al Alias) (ok, capBound bool) {
	if !r.Kind.Release() || !q.Kind.Acquire() {
		return false, false
	}
	if q.Kind == Unknown || q.Kind == BubbleWait {
		return true, false
	}
	if al == No {
		return false, false
	}
	if chanKind(r.Kind) && chanKind(q.Kind) && r.Cap >= 0 && q.Cap >= 0 && r.Cap != q.Cap {
		return false, false // two channels of different capacities: not one channel
	}
	switch r.Kind {
	case ChanSend:
		return q.Kind == ChanRecv, false
	case ChanClose:
		return q.Kind == ChanRecv && !q.ValueOnly, false
	case ChanRecv:
		if q.Kind != ChanSend {
			return false, false
		}
		if s == Wait {
			// A send waits for its own value's receive only on an
			// unbuffered channel; on a buffer of one it waits for the
			// previous value's, which says nothing of this goroutine.
			c := r.Cap
			if c == CapUnknown {
				c = q.Cap
			}
			return c == 0 || c == CapUnknown, false
		}
		return capOK(r.Cap, q.Cap)
	case LockRel:
		return s == Order && q.Kind == LockAcq && (!r.Read || !q.Read), false
	case WGDone:
		return q.Kind == WGWait, false
	case GroupDone:
		switch q.Kind {
		case GroupWait:
			return true, false
		case GroupSlot:
			return capOK(r.Cap, q.Cap)
		}
	case CondSignal:
		return q.Kind == CondWait, false
	case AtomicWrite:
		return s == Order && (q.Kind == AtomicLoad || q.Kind == AtomicWrite), false
	case OnceDo:
		return s == Order && q.Kind == OnceDo, false
	case SemRelease:
		if q.Kind != SemAcquire {
			return false, false
		}
		return capOK(r.Cap, q.Cap)
	}
	return false, false
}

func chanKind(k Kind) bool { return k == ChanSend || k == ChanRecv || k == ChanClose }

// capOK decides a receive → send (or slot) pair by capacity.
func capOK(a, b int64) (ok, capBound bool) {
	c := a
	if c == CapUnknown {
		c = b
	}
	if c == CapUnknown || (c >= 0 && c <= 1) {
		return true, false
	}
	return false, true
}

// Waits reports whether, under s, an acquire of kind k is counted at
// all: under Wait only blocking acquires.
func (k Kind) counts(s Strictness) bool {
	if s == Order {
		return true
	}
	switch k {
	case LockAcq, AtomicLoad, AtomicWrite, OnceDo:
		return false
	}
	return true
}

// chanOps returns the channel events of a non-call instruction.
func chanOps(ins ssa.Instruction) []Event {
	switch ins := ins.(type) {
	case *ssa.UnOp:
		if ins.Op == token.ARROW {
			return []Event{{Kind: ChanRecv, Obj: LocOf(ins.X), Instr: ins}}
		}
	case *ssa.Send:
		return []Event{{Kind: ChanSend, Obj: LocOf(ins.Chan), Instr: ins}}
	case *ssa.Select:
		var out []Event
		for _, st := range ins.States {
			k := ChanRecv
			if st.Dir == types.SendOnly {
				k = ChanSend
			}
			out = append(out, Event{Kind: k, Obj: LocOf(st.Chan), Instr: ins})
		}
		return out
	}
	return nil
}

// apiEvent returns the event of a call of the standard library's (or
// errgroup's, semaphore's) concurrency API, if it is one. spawn reports
// calls that start goroutines (wg.Go, errgroup Go, time.AfterFunc), which
// [Model.Spawns] handles.
func apiEvent(call *ssa.CallCommon, ins ssa.Instruction) (ev Event, isAPI bool) {
	op, recv := syncapi.CallOp(call)
	obj := func() Loc {
		if recv != nil {
			return LocOf(recv)
		}
		if len(call.Args) > 0 {
			return LocOf(call.Args[0])
		}
		return Loc{}
	}
	mk := func(k Kind) (Event, bool) { return Event{Kind: k, Obj: obj(), Instr: ins}, true }
	switch op {
	case syncapi.Lock, syncapi.TryLock:
		return mk(LockAcq)
	case syncapi.RLock, syncapi.TryRLock:
		e, _ := mk(LockAcq)
		e.Read = true
		return e, true
	case syncapi.Unlock:
		return mk(LockRel)
	case syncapi.RUnlock:
		e, _ := mk(LockRel)
		e.Read = true
		return e, true
	case syncapi.WGDone:
		return mk(WGDone)
	case syncapi.WGWait:
		return mk(WGWait)
	case syncapi.ErrgroupWait:
		return mk(GroupWait)
	case syncapi.CondWait:
		return mk(CondWait)
	case syncapi.CondSignal, syncapi.CondBroadcast:
		return mk(CondSignal)
	case syncapi.OnceDo:
		return mk(OnceDo)
	case syncapi.AtomicRead:
		return mk(AtomicLoad)
	case syncapi.AtomicWrite:
		return mk(AtomicWrite)
	case syncapi.SemAcquire:
		return mk(SemAcquire)
	case syncapi.SynctestWait:
		return Event{Kind: BubbleWait, Instr: ins}, true
	case syncapi.None:
	default:
		// Adds, SetLimit, contexts, Sleep, Go calls: no event by
		// themselves (Go calls are spawns).
		return Event{}, true
	}
	if IsBuiltin(call, "close") && len(call.Args) == 1 {
		return Event{Kind: ChanClose, Obj: LocOf(call.Args[0]), Instr: ins}, true
	}
	if syncapi.StdName(syncapi.Callee(call)) == semRelease {
		e, _ := mk(SemRelease)
		return e, true
	}
	return Event{}, false
}

// semRelease is the one API the syncapi table lacks: the release side of
// a weighted semaphore.
const semRelease = "(*golang.org/x/sync/semaphore.Weighted).Release"

// IsBuiltin reports whether call calls the named builtin.
func IsBuiltin(call *ssa.CallCommon, name string) bool { return syncapi.IsBuiltin(call, name) }
