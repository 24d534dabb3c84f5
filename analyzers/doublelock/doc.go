// Package doublelock defines an Analyzer that reports a lock acquired while
// the same lock instance is already held by the same goroutine.
//
// # Analyzer doublelock
//
// doublelock: lock acquired while already held
//
// Go's sync.Mutex and sync.RWMutex are not reentrant: a goroutine that
// calls Lock on a mutex it already holds blocks forever. The common real
// bug is indirect: a method takes s.mu and then calls a helper that takes
// s.mu again. doublelock reports, at the second acquisition (with the first
// one as related information):
//
//   - Lock of a lock held on every path reaching it (Lock after Lock,
//     Lock after RLock, RLock after Lock);
//   - a call whose callee (transitively, across packages through facts)
//     acquires on every path a lock the caller holds; the message shows
//     the call chain;
//   - a call whose callee acquires such a lock on every path except those
//     that return a failure (a non-nil error or false): a helper that locks
//     after a fallible step (dial, validate) succeeds deadlocks on the
//     success path, the common one;
//   - recursive read locking: RLock while the same goroutine already holds
//     the read lock (directly or through a call chain). It works until a
//     writer calls Lock between the two RLocks: the writer waits for the
//     first reader, and the second RLock waits for the writer.
//
// Precision: the two acquisitions must be of the same proven instance —
// the same SSA value, or the same field path from the same receiver,
// parameter, global or captured variable; two values of one type (a
// parent and a child node) are different locks. The lock must be held on
// every path (conditional locking on a correlated condition is understood);
// a callee's acquisition counts only when it happens on every path through
// the callee, or on every path but certain failures (a sentinel or new
// error, an error checked against nil, false); a callee that may return
// success without locking (an early "nothing to do" return) does not
// count. Calls through interfaces and function values are followed where
// the package shows the code: a callback passed to a function that calls
// it (through generic and recursive helpers too), and an interface call
// (directly or in a callee) when an implementation of the package that is
// registered with the interface's package (or this one) takes a lock of
// the held lock's class through a field of its own, on every path: a
// collector with a back-pointer to the registry that calls it. The
// instance is not proven there; implementations of the lock owner's own
// type are left out. Other such calls may release only the locks its operands reach (the mutex,
// its owner, a closure or method value capturing one), so a call to an
// injected store, logger or clock (s.store.Get(s.id), s.now()) leaves
// s.mu held, while s.hooks.OnEvict(s) may have released it. Locks in arrays indexed by a variable are
// not tracked. The analyzer has no flags.
//
// WRONG:
//
//	func (c *Cache) Get(k string) string {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		if v, ok := c.m[k]; ok {
//			return v
//		}
//		c.refresh() // refresh locks c.mu again: deadlock
//		return c.m[k]
//	}
//
//	func (c *Cache) refresh() {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		c.m = load()
//	}
//
// RIGHT:
//
//	func (c *Cache) Get(k string) string {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		if v, ok := c.m[k]; ok {
//			return v
//		}
//		c.refreshLocked()
//		return c.m[k]
//	}
//
//	// refreshLocked must be called with c.mu held.
//	func (c *Cache) refreshLocked() { c.m = load() }
package doublelock
