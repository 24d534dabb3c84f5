// Package missingunlock defines an Analyzer that reports locks not released
// on some path: an early return that keeps a mutex locked, a second Unlock,
// and a lock taken in a loop that is still held when the loop goes round.
//
// # Analyzer missingunlock
//
// missingunlock: lock not released on some path
//
// A function that unlocks a mutex before one return but not before
// another (typically an error path added later) leaves the mutex locked,
// and the next caller blocks forever. missingunlock reports:
//
//   - a return at which a lock is held on every path, while the same lock
//     was unlocked on every path reaching another return of the function
//     (deferred unlocks count, including defers inside if and in loops);
//   - an Unlock of a lock that was already unlocked on every path in this
//     function (unlocking an unlocked mutex is a fatal runtime error);
//   - a lock taken in a loop body that is still held at the back edge while
//     the loop never releases it: the next iteration locks it again (a
//     defer in a loop does not run until the function returns);
//   - a lock (typically of the iteration's element) still held when one
//     path through a loop body goes round — a continue that skips the
//     Unlock — while the other path releases it;
//   - a break or goto that leaves a loop with a lock held, when no path
//     from there to the function's returns releases it while the loop's
//     other exits reach those returns with it released: at the shared
//     return the lock is held on some paths only, so the report goes to
//     the break. An Unlock anywhere after the loop (on a flag set before
//     the break, say) keeps it silent.
//
// Precision: a function that returns with the lock held on every path is a
// lock helper, not a bug: its summary says so and its callers are checked
// instead. A function that returns holding the lock exactly when it
// succeeds (nil error, true) and released on failure is a conditional
// lock helper and is not reported. Unlocking a lock the function did not
// take (a "...Locked" function releasing its caller's lock, an unlock
// helper) is a contract recorded in the summary, not a report. Branches
// on the same condition are correlated (if c { mu.Lock() } ... if c {
// mu.Unlock() }). A call through an interface or a function value may
// release only the locks its operands reach (the mutex, its owner, a
// closure or method value capturing one), so no report follows such a
// call; a call to an injected store, logger or clock that is handed only
// values loaded from the owner's fields (s.wal.Append(rec), s.log.Printf
// with s.id, s.now()) leaves the lock held. Paths that end in
// panic, os.Exit, log.Fatal, runtime.Goexit or t.Fatal are not returns.
// A return right after the test has been marked failed (t.Errorf(...);
// return) is not reported either: the lock is the failed test's debris.
//
// Flags: -unlocknotheld (default false) also reports an Unlock of a lock
// that the function locks on some paths but not on the path reaching the
// Unlock ("if leader { mu.Lock() } ... mu.Unlock()": a fatal error on the
// other path). It is off by default because two conditions that are equal
// but computed twice (two loads of the same field) are not recognised as
// correlated.
//
// WRONG:
//
//	func (q *Queue) Push(j Job) error {
//		q.mu.Lock()
//		if q.closed {
//			return errClosed // q.mu stays locked
//		}
//		q.jobs = append(q.jobs, j)
//		q.mu.Unlock()
//		return nil
//	}
//
// RIGHT:
//
//	func (q *Queue) Push(j Job) error {
//		q.mu.Lock()
//		defer q.mu.Unlock()
//		if q.closed {
//			return errClosed
//		}
//		q.jobs = append(q.jobs, j)
//		return nil
//	}
package missingunlock
