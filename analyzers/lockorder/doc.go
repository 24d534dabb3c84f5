// Package lockorder defines an Analyzer that reports two locks acquired in
// opposite orders by different code paths: an ABBA deadlock.
//
// # Analyzer lockorder
//
// lockorder: lock-order inversions (ABBA deadlocks) across functions and packages
//
// When one goroutine holds lock A and waits for lock B while another holds
// B and waits for A, both wait forever. lockorder reasons about lock
// classes, like the Linux kernel's lockdep: the class of s.mu is the named
// struct type holding the field plus the field (Store.mu), or the global's
// name; a lock inside a struct embedded by value keeps the outer path, so
// c.in.Mutex and c.out.Mutex of one Conn are two classes. An edge A→B is
// recorded wherever B is acquired while A is held on every path —
// directly, or in a callee (transitively, and across packages through
// facts). Two edges A→B and B→A form an inversion; it is reported once per
// class pair, in the package that closes it, at the acquisition of the
// second lock (the Lock call itself, inside the callee when the callee is
// in this package), with the other order's sites as related information
// or, when the other order is in an imported package, named in the
// message. When one order is taken in a _test.go file and the other in
// production code, the test's acquisition is reported (at its call).
//
// Precision: an inversion is reported only when
//
//   - the two classes differ: locking two instances of one class (a parent
//     and a child node, two accounts ordered by id) is not judged;
//   - neither lock lives in a local variable, in a field of an unnamed
//     struct type, or in an object the function allocated itself (no
//     other goroutine can hold it yet);
//   - the two acquisitions can block each other: two read locks of an
//     RWMutex do not, so A.RLock→B.RLock against B.RLock→A.RLock is
//     silent, while any pair with a write side is reported;
//   - no third lock class is held (on every path, in conflicting modes) at
//     both acquisitions: a gate lock taken first serializes the two paths.
//     The locks held where each edge is born count, and so do the locks
//     every caller of that function holds on entry, when all its callers
//     are in the package (an unexported helper never used as a value, a
//     function literal called in place), down chains of such helpers;
//   - the edge is not on an error path: an acquisition from which every
//     path panics (a misuse check) takes no order;
//   - the edge does not pass through a callee that releases the held lock
//     (an ...AndUnlock helper) or drops and re-takes the acquired one
//     (waiting without the lock);
//   - not both orders are taken only in _test.go files;
//   - neither edge is flag-gated (a lower tier, reported only with
//     -lockorder.flaggated): its acquisition lies behind two early returns
//     on the same boolean field of the lock's owner — the double-checked
//     "if c.done { return }" of a once-initialisation, before taking the
//     first lock and again under it. Such an edge is taken only until the
//     initialisation completes, and the opposite order is typically taken
//     on paths that first wait for it (crypto/tls: Handshake against Read's
//     renegotiation), which lock order alone cannot see.
//
// Callbacks are followed where the code that runs is known: a function
// that calls its func-typed parameter with a lock held (ForEach(fn),
// Update(func(*T)), visitors) orders the locks the caller's closure,
// function or method value acquires after that lock, in the caller's
// package; a function that calls a method of a named interface on a value
// it did not make (an observer or handler in a field) with a lock held
// orders after it the locks acquired by every implementation of that
// method in the packages that see the call (their own, or an importing
// package through the fact): a transport that reports to its node, a store
// that notifies its watcher. A call through a func-typed field or a map
// of handlers in a field (s.onChange(k), b.handlers[topic](msg)) orders
// after the held locks the locks of every function the package stores
// there (s.onChange = s.handleChange), when there are at most four and
// nothing else is stored. Other calls through interfaces and function
// values are not followed; such a call may release only the locks its
// operands reach (the mutex, its owner, a closure capturing one), which
// then no longer count as held. Only cycles of two classes are reported, and only when
// at least one of the two edges is in the package being analysed: two
// imported packages that invert each other's order without either
// importing the other are not seen until a package closes the cycle with
// an edge of its own. For an imported edge, modes and gates are those
// recorded where it was born. The package fact carries the edges of the
// package and of its dependencies, at most one per ordered class pair (the
// one most likely to deadlock) and at most 2000 in all.
//
// Flags: -flaggated (default false) also reports cycles in the
// flag-gated tier (category lockorder-flag), naming the flag.
//
// WRONG:
//
//	func (s *Store) removeReplica(r *Replica) {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		r.mu.Lock() // Store.mu, then Replica.mu
//		r.destroyed = true
//		r.mu.Unlock()
//	}
//
//	func (r *Replica) split() {
//		r.mu.Lock()
//		defer r.mu.Unlock()
//		r.store.mu.Lock() // Replica.mu, then Store.mu: deadlock with removeReplica
//		r.store.n++
//		r.store.mu.Unlock()
//	}
//
// RIGHT:
//
//	func (r *Replica) split() {
//		s := r.store
//		s.mu.Lock() // Store.mu, then Replica.mu, like removeReplica
//		defer s.mu.Unlock()
//		r.mu.Lock()
//		destroyed := r.destroyed
//		r.mu.Unlock()
//		if !destroyed {
//			s.n++
//		}
//	}
package lockorder
