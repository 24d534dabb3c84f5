// Package goroutineleak defines an Analyzer that reports goroutines that
// can block forever because their counterpart can go away.
//
// # Analyzer goroutineleak
//
// goroutineleak: goroutines that can block forever
//
// A goroutine blocked forever is a leak: it pins its stack and everything
// it references, and a server that leaks one per request runs out of
// memory. The analyzer reports, at the blocking operation inside the
// goroutine (with the go statement and the counterpart's way out as
// related locations):
//
//   - a send on an unbuffered channel (or one whose constant buffer is
//     smaller than the number of sends) whose only receiver, in the
//     function that started the goroutine, can return without receiving:
//     a select that takes ctx.Done(), a timer, another case or a default,
//     or an early return; also several goroutines sending once each while
//     the receiver leaves its counted receive loop early (return on the
//     first error);
//   - a receive or range on a channel of the spawning function that no
//     code sends on or closes, or that the spawning function closes (or
//     sends on) only on some of its paths; a range over a channel that is
//     fed but never closed, whose loop has no other exit;
//   - a wait on ctx.Done() of a context that is never cancelled
//     (context.Background, context.TODO, or WithCancel with the cancel
//     function discarded);
//   - a sync.Cond.Wait on a cond held in an unexported struct field (so
//     only this package can reach it) that nothing in the package signals
//     or broadcasts;
//   - a sync.WaitGroup.Wait (reported at the Wait) that waits for a
//     goroutine which can return without calling Done (no defer wg.Done());
//   - a sync.WaitGroup.Wait inside the loop that starts the goroutines it
//     waits for, when a single Add before the loop counts all of them
//     (Add(len(xs)), Add(n), or a constant of at least 2): the first Wait
//     runs when only one goroutine has started, so it blocks forever
//     (Docker #25384). The group must be a local variable that only this
//     function, and the goroutine through a direct Done, uses.
//
// Channels passed to exported functions of other packages are followed
// through those functions' summaries (what each may send, receive, range
// over or close, itself or from goroutines it starts): a goroutine that
// blocks inside such a call (go lib.Produce(ch), or a goroutine calling
// it) is reported at the call, and a helper that closes or drains the
// channel counts as a counterpart.
//
// The analyzer reports only what it can see completely. It is silent when
// the channel is stored in a struct field or a global, passed to code
// whose summary says it keeps the channel (or that has no summary: a
// function value, an interface method), converted to an interface, or
// operated on by any other function (a receiver that drains in a defer, a
// helper that receives): the counterpart may be elsewhere. It is silent for buffered
// channels large enough for every send, for operations in a select with
// another case or a default (the goroutine has a way out), for contexts
// that come from a parameter (the caller can cancel them), and for
// goroutines started from main or init (the process lifetime bounds them).
// An early return counts as a way out only when neither the go statement
// nor the receive is in a loop and the go statement dominates the
// receive, so loop counts correlated with the number of goroutines are
// not mistaken for escapes.
//
// Paths on which the receiver leaves after failing a test (t.Error,
// t.Errorf, t.Fail) or never returns (panic, t.Fatal, os.Exit) are not
// counted: the leak no longer matters there. Select cases that can never
// proceed (a local channel nobody serves) are not counted as ways out.
//
// A suggested fix makes the channel buffered with capacity 1 when exactly
// one send runs, once, in exactly one goroutine: the goroutine then never
// blocks and the value is garbage collected with the channel.
//
// The analyzer has no flags. It uses conclint's channel model
// (internal/chanmodel), which follows channels within one package and
// into other packages through the summaries it exports as facts.
//
// WRONG:
//
//	func fetch(ctx context.Context) (string, error) {
//		ch := make(chan string)
//		go func() { ch <- slowCall() }() // blocks forever after a timeout
//		select {
//		case s := <-ch:
//			return s, nil
//		case <-ctx.Done():
//			return "", ctx.Err()
//		}
//	}
//
// RIGHT:
//
//	func fetch(ctx context.Context) (string, error) {
//		ch := make(chan string, 1) // the send never blocks
//		go func() { ch <- slowCall() }()
//		select {
//		case s := <-ch:
//			return s, nil
//		case <-ctx.Done():
//			return "", ctx.Err()
//		}
//	}
package goroutineleak
