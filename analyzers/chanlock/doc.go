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
// The goroutine on the other side often needs the lock only on some
// paths: a writer loop that updates statistics under the lock after each
// receive (the next send under the lock then deadlocks), a compactor that
// locks in one branch of its for-select, a watcher that takes the lock on
// its way to a deferred close(done). When every counterpart runs on one
// goroutine, started once per object (by a constructor, or a Start method
// that hands it only the receiver; for a local channel, by the function
// that made the channel), and that goroutine may take the lock before one
// of them (a Lock on the same object, or a call whose summary may take
// it, from which the counterpart is reachable), the operation is reported
// too: while the goroutine waits for the lock, nobody can unblock the
// holder. A WaitGroup.Wait under the lock is reported when one goroutine
// counted by it may take the lock before its Done, however many goroutines
// there are (Wait needs all of them).
//
// A case of a select without default blocks like a plain operation when
// every other case is a receive from a channel field whose every send and
// close needs the lock (done closed only by a Close that locks first). And
// the lock may belong to the object the channel's object is read from (a
// registry's lock, the channel of one of its subscribers), when the
// counterpart is the single goroutine started for that subscriber by a
// method of the registry.
//
// Precision: an operation is reported only when
//
//   - every operation on the channel (or WaitGroup) is seen. Either it is
//     an unexported field of a struct type of the package being analysed
//     whose every use the channel model (internal/chanmodel) sees: neither
//     its value nor its address reaches code outside the package, every
//     channel stored in it is made in the package (a channel handed out
//     as <-chan T still counts for a blocked receive, not for a blocked
//     send); a WaitGroup field is used only through Add, Done and Wait
//     (wg.Go is not modelled). An operation that reaches the field's
//     channel through another value (a helper given the channel) is a
//     counterpart whose lock use is not judged: silent. Or it is a channel in a local
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
//     lock summary acquires it on every path); or the single-goroutine
//     rule above holds;
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
