// Package chanlock defines an Analyzer that reports a blocking channel
// operation or WaitGroup wait performed while holding a lock that the
// goroutine which must unblock it needs first: a deadlock.
//
// # Analyzer chanlock
//
// chanlock: blocking channel operations and waits while holding a lock the other side needs
//
// A goroutine that holds lock L and blocks on a send waits for a receiver.
// If every receiver must acquire L before it can receive — it takes L on
// every path to the receive, or receives with L held — neither side can
// proceed. The same holds for a receive whose senders (and closers) need L
// first, and for wg.Wait() while holding L when every wg.Done() (including
// a deferred Done, which runs at every return) is reached only after
// acquiring L. The report is at the blocking operation, with the lock
// site, each counterpart operation and where the counterpart takes the
// lock as related information. Categories: send-under-lock,
// recv-under-lock, wait-under-lock.
//
// Precision: an operation is reported only when
//
//   - every operation on the channel (or WaitGroup) is seen. Either it is
//     an unexported field of a struct type of the package being analysed
//     whose every use is seen: it is only sent on, received from, ranged
//     over, selected on, closed, measured (len, cap) or compared, and
//     neither its value nor its address is handed to a function, stored
//     elsewhere or sent; a WaitGroup field is used only through Add, Done
//     and Wait (wg.Go is not modelled). Or it is a channel in a local
//     variable that the channel model (internal/chanmodel) proves local:
//     it does not escape, is not stored in a field or global, and no
//     operation runs inside another package. Or it is a local
//     WaitGroup used only through Add, Done and Wait, in its function and
//     in the closures that capture it;
//   - the channel is unbuffered: every channel stored in the field is a
//     make with constant size 0 (or nil); a buffer may absorb the send;
//   - the operation blocks on this channel alone: a select with another
//     case or a default has other ways out;
//   - the lock is held on every path at the operation and its instance is
//     the one the other side takes: for a field channel the lock lives in
//     the same object as the channel (s.mu next to s.events, both reached
//     from the same receiver, parameter or captured variable); for a local
//     channel or WaitGroup the lock hangs off a parameter of the blocked
//     function (or a global) and the counterpart, a closure created at one
//     place, reaches it through the captured variable. Two objects of one
//     type are never confused (principle 8);
//   - there is at least one counterpart and every counterpart needs the
//     lock: it holds it on every path at the operation, or every path from
//     its function's entry to it, and from it back to itself in a loop,
//     acquires the lock (a Lock call on the same object, or a call whose
//     lock summary acquires it on every path). A counterpart that receives
//     first and locks afterwards is not a deadlock by this rule;
//   - the two sides can exclude each other: a read lock at the blocked
//     operation against read locks on the other side is silent.
//
// Locks of other objects, of local variables and behind dynamic indices
// are not judged, nor channels in globals or exported fields, channels
// passed to functions, goroutines started by calling a named function
// with the lock's owner as an argument, nor counterparts inside other
// packages. The analyzer has no flags.
//
// WRONG:
//
//	func (l *eventsLog) Log(ev event) {
//		l.mu.Lock()
//		defer l.mu.Unlock()
//		l.events = append(l.events, ev)
//		l.pub <- ev // publish needs l.mu before it receives
//	}
//
//	func (l *eventsLog) publish() {
//		for {
//			l.mu.Lock()
//			n := len(l.events)
//			l.mu.Unlock()
//			ev := <-l.pub
//			l.out(ev, n)
//		}
//	}
//
// RIGHT:
//
//	func (l *eventsLog) Log(ev event) {
//		l.mu.Lock()
//		l.events = append(l.events, ev)
//		l.mu.Unlock()
//		l.pub <- ev
//	}
package chanlock
