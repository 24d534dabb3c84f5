// Package chanclose defines an Analyzer that reports channel misuse which
// panics or blocks forever at run time.
//
// # Analyzer chanclose
//
// chanclose: channel misuse: double close, send after close, close racing with other senders, nil channel
//
// The analyzer reports, per function and on the SSA form:
//
//   - a close of a channel that is already closed: every feasible path from
//     a close(ch) reaches a second close(ch) of the same channel (or returns
//     through a deferred close(ch) registered before the first close); at a
//     select, one case reaching it is enough, since which case runs is the
//     runtime's choice (a timeout case that closes again);
//   - a send on a channel that is already closed: every feasible path from a
//     close(ch) reaches a send on ch;
//   - the same through a call of a package function that closes a channel
//     of its arguments on every path and assigns no channel or pointer
//     (a Stop method called twice on one path, or Stop then close);
//   - a close inside a loop that closes the same channel on every iteration
//     that continues the loop (the channel is not re-made per iteration);
//   - a send, receive, range or close on a channel variable that is nil on
//     every path (declared with var and never assigned), outside a select;
//   - a close that other goroutines' sends can follow, found on the
//     package's channel model (internal/chanmodel): a goroutine body that
//     sends on a channel and closes it on every path, started several times
//     on one channel instance (a go statement in a loop, or two go
//     statements, after the make and not in the loop that makes it); or a
//     receiver that closes the channel inside its own range (or
//     v, ok := <-ch) loop over it while another function sends on it. Only
//     channels whose every operation the model sees are considered;
//   - across the methods of a type, on the channel model's field summaries
//     (-fields, default true): two functions both close a channel field of
//     the same object (each reaches it from the receiver of a method of the
//     type), neither close is guarded by a sync.Once or by a test of the
//     object's state before it (a flag, a nil check, a select that finds
//     the channel closed; a flag that is set but never tested does not
//     count), and the pair is a sequence: one of them runs on a background
//     goroutine of the package (the error path of a serve loop), or inside
//     the type's Close (CloseSend then Close); with -latesend (off by
//     default), also a send on the field in one function while another
//     closes it with no guard against late senders (the send is not behind
//     a test of the object's state, and the closer does not wait for the
//     senders first): on real code most such pairs turned out to be
//     documented contracts ("no Add after Close") or Close methods nobody
//     calls;
//   - x.Close(); x.Close() on one path where Close is a method of another
//     package that closes a channel field of its receiver on every path
//     without a guard (known from the channel model's FieldsFact).
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
// path); two exported methods that each close a field but may be
// alternatives a caller picks one of (Stop and StopNow), unless one of
// them is Close; closes guarded by sync.Once; a close that is followed by a second
// close on some paths but not on all; a nil channel in a select case (the
// standard idiom to disable a case); a close by the owner after wg.Wait; a
// goroutine that closes only on some paths (the last one out, decided by a
// counter); goroutines that each get their own channel from one make call
// in a loop.
//
// Flags: -senders (default true) enables the check of closes that race
// with other goroutines' sends; -fields (default true) the checks of
// channel fields across methods; -latesend (default false) the sends
// racing with another method's close. A close or send in a function that
// defers a recover is never reported by the field checks.
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
