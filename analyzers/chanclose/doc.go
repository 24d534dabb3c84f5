// Package chanclose defines an Analyzer that reports channel misuse which
// panics or blocks forever at run time.
//
// # Analyzer chanclose
//
// chanclose: channel closed twice, sent on after close, closed in a loop, or used while nil
//
// The analyzer reports, per function and on the SSA form:
//
//   - a close of a channel that is already closed: every feasible path from
//     a close(ch) reaches a second close(ch) of the same channel (or returns
//     through a deferred close(ch) registered before the first close);
//   - a send on a channel that is already closed: every feasible path from a
//     close(ch) reaches a send on ch;
//   - a close inside a loop that closes the same channel on every iteration
//     that continues the loop (the channel is not re-made per iteration);
//   - a send, receive, range or close on a channel variable that is nil on
//     every path (declared with var and never assigned), outside a select.
//
// All of these panic ("close of closed channel", "send on closed channel",
// "close of nil channel") or block the goroutine forever.
//
// "The same channel" means the same SSA value, or the same field path from
// the same base (s.done twice on one receiver) with no reassignment between:
// a call that could reassign the field, or a store of a non-basic value,
// ends the path. Branches on the same condition are correlated (a local or
// field "closed" flag set next to the close is understood), so the
// guarded-close idiom stays silent.
//
// Deliberately not reported: a Stop method that closes a field channel and
// may be called twice (the two closes are on different calls, not on one
// path); closes guarded by sync.Once; a close that is followed by a second
// close on some paths but not on all; a nil channel in a select case (the
// standard idiom to disable a case).
//
// WRONG:
//
//	func produce(out chan<- int, items []int) error {
//		defer close(out)
//		for _, it := range items {
//			if it < 0 {
//				close(out) // the deferred close panics
//				return errNegative
//			}
//			out <- it
//		}
//		return nil
//	}
//
// RIGHT:
//
//	func produce(out chan<- int, items []int) error {
//		defer close(out)
//		for _, it := range items {
//			if it < 0 {
//				return errNegative
//			}
//			out <- it
//		}
//		return nil
//	}
package chanclose
