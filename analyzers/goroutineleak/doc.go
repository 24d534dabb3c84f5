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
//     goroutine which can return without calling Done (no defer wg.Done()):
//     in the spawning function, in the closer goroutine of the fan-in idiom
//     (go func() { wg.Wait(); close(out) }()), or, for a WaitGroup field,
//     in any method (Close waiting for the poll goroutine);
//   - a sync.WaitGroup.Wait inside the loop that starts the goroutines it
//     waits for, when a single Add before the loop counts all of them
//     (Add(len(xs)), Add(n), or a constant of at least 2): the first Wait
//     runs when only one goroutine has started, so it blocks forever
//     (Docker #25384). The group must be a local variable that only this
//     function, and the goroutine through a direct Done, uses.
//
// Channels, Conds and WaitGroups in unexported struct fields are followed
// across the methods of their type (the channel model's field summaries):
//
//   - a goroutine (started by a constructor or Start, directly, through a
//     method value, or through a helper that runs a function it is given)
//     ranges over a field channel that nothing in the package closes, in a
//     loop with no other exit;
//   - every way out of a function a goroutine runs passes a receive from a
//     field channel that nothing sends on or closes (a stop channel that
//     Stop forgets to close; a ticker or timer case leads back into the
//     loop and is not a way out);
//   - a method sets a bool field that a Cond's wait loop tests, to the value
//     that ends the wait, and neither it, what it calls, nor every caller
//     of it Signals or Broadcasts that Cond (silent when a goroutine of the
//     package broadcasts it: a cleanup loop woken by what the setter does
//     next);
//   - a fixed pool of workers, each sending one result per job it ranges
//     over, while the consumer returns on the first error before receiving
//     a result for every job.
//
// A field counts only when every operation on it is in the package: it is
// unexported, its address is not handed out, and the channels stored in it
// are made in the package and do not escape. A channel handed out as
// <-chan T still counts for "nothing closes it": its receivers cannot
// close it.
//
// Channels passed to exported functions of other packages are followed
// through those functions' summaries (what each may send, receive, range
// over or close, itself or from goroutines it starts): a goroutine that
// blocks inside such a call (go lib.Produce(ch), or a goroutine calling
// it) is reported at the call, and a helper that closes or drains the
// channel counts as a counterpart.
//
// The analyzer reports only what it can see completely. It is silent when
// the channel is stored in a global or an exported (or otherwise unknown)
// struct field, passed to code
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
