// Package guardedby defines an Analyzer that reports fields and package
// variables accessed without the lock that guards them.
//
// # Analyzer guardedby
//
// guardedby: fields and package variables accessed without the lock that guards them
//
// A field that one goroutine writes while another reads it without the
// lock the rest of the code takes is a data race: the most common
// non-blocking concurrency bug in Go servers. The analyzer knows a field's
// guard in two ways, and reports each access made without it.
//
// Category explicit: the declaration names the guard. gVisor's checklocks
// annotations are read — // +checklocks:mu on a field or package variable,
// +checklocks:s.mu and +checklocksread:s.mu on a function that needs the
// lock on entry, +checklocksignore to skip a function, +checkatomic on a
// field that must be accessed atomically — so checklocks users can switch.
// So are the comment idioms of std and of large Go projects: "guarded by
// mu" or "protected by mu" on the field; "mu guards x and y", "mu protects
// the fields below" or "guards following" on the mutex (the fields after
// it, up to a blank line or the next mutex); the same for package
// variables in one var block. docs/annotations.md lists every form. Prose
// that names no field of the struct is not a guard. A malformed or
// dangling +checklocks annotation (no lock named, no such field, a field
// that is not a mutex, an unknown +checklocks word) is reported (category
// annotation). Annotations are checked by default; comment idioms only
// with -guardedby.comments, because such comments are often loose on
// real code (a lock that "protects" a pointer field guards what it points
// to; a field "guarded by mu" is read without it by the only goroutine
// that writes it): docs/evaluation/guardedby.md has the triage.
//
// Category inferred: no comment, but the package's own accesses show the
// protocol. A lock L (a field of the same object — also an embedded Mutex,
// locked as c.Lock() — or a package-level mutex) guards field f when, over
// the places (a function and a line) that access f, at least 4 places are
// counted, at least 3 hold L, L is held in at least 75 % of them, and at
// least one of them writes f with L held for writing. Accesses that are
// not evidence are not counted: before the object is shared, in package
// initialisation, in tests, in debug dumps, in functions that run with a
// lock held that cannot be named. The message gives the evidence ("read
// without c.mu: accessed with c.mu held in 5 of 6 places") and an access
// with the lock held as related information.
//
// Category write-under-rlock: a field, or the map or slice it holds, is
// written (n++, m[k] = v, delete, append) while the RWMutex that guards it
// — or, for a field with no known guard, an RWMutex of the same object,
// with no lock held for writing — is held only with RLock. Other readers
// hold the lock at the same time: a data race, and for maps the runtime's
// "concurrent map writes" crash.
//
// Category atomic-mixed: a field or package variable is updated with
// sync/atomic functions in one place and read or written plainly in
// another. A plain read with a lock held that every atomic write also holds
// for writing is ordered and not reported. Typed atomics (atomic.Int64)
// cannot be accessed plainly.
//
// Guards cross packages: each guarded field carries a fact, so a package
// that accesses another package's guarded field is checked too.
//
// What is not reported, and why (the traps of unguarded-state checkers):
//
//   - accesses to an object before it is shared: a fresh allocation not
//     yet handed to a goroutine or a channel (or returned fresh by a
//     helper of the package, t.copy()), and the parameters of
//     unexported helpers that every caller passes such an object
//     (s.init() called by a constructor);
//   - accesses in functions that run with the lock held: the lock
//     engine's summaries (a function that releases a lock it did not
//     take), the …Locked naming convention, doc comments such as "must be
//     called with mu held" or "caller must hold mu", +checklocks on the
//     function; an unexported helper whose every call outside the tests
//     holds a lock of the guard's type, or is made on an object the
//     caller still owns; a closure called in place or handed to a call sees the
//     locks held there; a deferred closure is not checked;
//   - fields of types that synchronize themselves: sync and sync/atomic
//     types, structs holding a lock or an atomic (calling their methods is
//     how they are used);
//   - reads ordered by something else than the lock: after a receive
//     from a channel held by the same object (not repeated around the
//     read), in a goroutine body whose every write is made by its
//     spawner before the go statement, with a lock held that every
//     write of the field holds too, and — for atomic-mixed — after the
//     function joined the goroutines it started (wg.Wait, errgroup);
//   - reads confined to the goroutine that makes every write: a function
//     reachable only from one goroutine body, started once (not in a
//     loop), reading a field that only that goroutine writes (a run loop's
//     own state, written under the lock for other readers);
//   - String, GoString and Format methods and dump/debug helpers (flag
//     -guardedby.debug reports them);
//   - package initialisation and _test.go files.
//
// Flags: -guardedby.checklocks, -guardedby.annotations and
// -guardedby.rangeafter are on; -guardedby.comments, -guardedby.inferred,
// -guardedby.rlock, -guardedby.atomic, -guardedby.globals,
// -guardedby.lazyinit, -guardedby.goroutinefield and -guardedby.debug are off until their triage on
// real code meets the precision bar (docs/evaluation/guardedby.md).
//
// -guardedby.globals reports a package variable written
// outside package initialisation with no lock or atomic while a goroutine
// started by the package reads it (a tunable interval, a hook replaced by
// a test). -guardedby.lazyinit reports if p.x == nil { p.x = build() }
// with no lock or sync.Once in a type that has a mutex. -guardedby.rangeafter
// reports a map or slice taken from a field under the lock and iterated,
// indexed or returned to the caller after the lock is released (a getter
// with a deferred unlock), while another method mutates it in place under
// the lock (m[k] = v, delete, s[i] = v, copy, sort.Slice, slices.Sort).
//
// -guardedby.goroutinefield (category goroutine-field) reports a field that
// a goroutine assigns while a method of the object reads it, with nothing
// ordering the two: a constructor or Start method runs go c.connect() (or
// a closure) that sets c.conn, c.err or c.state with no lock, and Send,
// Err or State reads the field with no lock. The write must be made on the
// object the go statement hands the goroutine (its receiver, an argument,
// a captured variable), by the goroutine's function or a method called on
// that object; the read, by an exported method of the same type (or a
// helper it calls) that the goroutine does not run itself. It is silent
// when the field is ever accessed with a lock held or atomically (or has
// a sync/atomic type); when the writing or the reading function holds a
// lock; when the goroutine may release after the write in the
// happens-before model's sense (close a channel, send, call
// WaitGroup.Done or Cond.Signal, unlock, store atomically; a receive does
// not count: a reader method cannot wait on it); when the reader may
// acquire before the read (receive, select, wait on a WaitGroup, a Once,
// a Cond, a lock, load atomically), itself or in a callee the model
// follows; when the spawner reads before its go
// statement; and for fields only the goroutine touches.
//
// WRONG:
//
//	type podCache struct {
//		mu        sync.RWMutex
//		pods      map[string]*Pod
//		timestamp time.Time
//	}
//
//	func (c *podCache) Set(p *Pod, ts time.Time) {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		c.pods[p.Name] = p
//		c.timestamp = ts
//	}
//
//	// … three more methods access c.timestamp with c.mu held …
//
//	func (c *podCache) UpdateTime(ts time.Time) {
//		c.timestamp = ts // written without c.mu
//	}
//
// RIGHT:
//
//	func (c *podCache) UpdateTime(ts time.Time) {
//		c.mu.Lock()
//		c.timestamp = ts
//		c.mu.Unlock()
//	}
//
// WRONG:
//
//	func (c *cache) Get(k string) []byte {
//		c.mu.RLock()
//		defer c.mu.RUnlock()
//		c.hits++ // other readers increment hits at the same time
//		return c.items[k]
//	}
//
// RIGHT:
//
//	func (c *cache) Get(k string) []byte {
//		c.mu.RLock()
//		defer c.mu.RUnlock()
//		c.hits.Add(1) // hits is an atomic.Int64
//		return c.items[k]
//	}
package guardedby
