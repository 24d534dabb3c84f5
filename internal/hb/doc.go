// Package hb is conclint's happens-before model: one table of what orders
// what between goroutines, the goroutines a function starts (directly,
// through the package's functions, through other packages' functions and
// helpers, and as timer callbacks), and what those goroutines write. The
// race and sleep analyzers (capturerace, sleepsync) ask it whether two
// accesses are ordered; guardedby can ask the same.
//
// # Using it
//
// Require Analyzer and take its *Model:
//
//	m := pass.ResultOf[hb.Analyzer].(*hb.Model).Fork() // a consumer's own caches
//	for _, sp := range m.Spawns(fn) {          // goroutines fn starts
//		g := sp.Thread()                       // the goroutine, bound into fn's frame
//		s := hb.Thread{Fn: fn, Start: sp.Instr, Strict: true}
//		ok, why := m.Ordered(g, w, s, a, hb.Order) // does w (in g) happen before a (in s)?
//		eff := m.Effects(sp)                   // what it writes, calls, releases
//	}
//
// Queries take Threads: a function body on one goroutine, an Env binding
// its free variables and parameters to locations of the analysed frame,
// and a Start instruction. Ordered(t1, x1, t2, x2, s) holds when a release
// of t1 after x1 pairs with an acquire of t2 before x2; Exclusive(t, x)
// when two runs of t (goroutines of one loop) cannot both be at x;
// Serialized when the spawner waits on every iteration of its loop for
// something the goroutine releases; WaitsBetween when the spawner blocks,
// between two points, on something the goroutine releases; CommonLock
// when both points hold a lock on the same instance (through
// internal/lockset's HeldAt).
//
// # Locations
//
// A Loc is a root value and an access path (".N/" field, "[]/" element,
// "*/" pointee), as LocOf resolves an address or value. Values of a
// goroutine or callee are translated into the analysed frame through an
// Env (closure bindings and call arguments); a captured parameter's heap
// cell is seen through, and so is a syntactic alias (a captured pointer
// variable assigned once, where it is declared, the address of a local:
// p := &total denotes total); a key or value of a range over a map, and
// a value received from a channel, is an element of the map or channel
// (a function posted to an event loop's channel is called by the loop
// from there). Alias compares two locations: Must (same root and
// path), No (two allocation sites; an allocation that does not escape
// against anything else; two fields of one object), otherwise May. A May
// pair counts as the same object: unknown code is assumed to behave well,
// so uncertainty orders, and the analyzers stay silent.
//
// # Events and the table
//
// FuncEvents lists a function's synchronization events — channel sends,
// receives and closes (with the channel's capacity when its make is in
// sight: the make itself, a local variable, or every make the package
// stores in the field), Lock/Unlock, WaitGroup Done/Wait, errgroup Wait,
// Once.Do, Cond Signal/Wait, atomics, weighted semaphores, synctest.Wait
// — including those of the package's functions and closures it calls
// (three calls deep) and those other packages' summaries list; a call
// the model cannot see into (a function value, an interface method,
// another package's function without a summary that takes a channel or a
// function) is an Unknown event. Deferred calls give Deferred events,
// which happen at the function's end; wg.Go, errgroup's Go and helpers
// give implicit Exit events at the goroutine's end.
//
// Pairs is the table (the Go memory model): send → receive; close → a
// receive that can observe the close (not the body of a range over the
// channel, which runs only for values); receive → a later send, by the
// capacity: a capacity-one channel (or unbuffered) is a mutex, a
// semaphore of N > 1 admits N goroutines and orders nothing between them
// (a capacity the model cannot see counts as one, a non-constant make as
// more); unlock → lock; Done → Wait; a goroutine's end → errgroup's Wait
// and, by the limit, the next Go of a limited group; Signal → Cond.Wait;
// an atomic write → an atomic access of the same variable; Once.Do →
// Once.Do. Two strictnesses: Order counts everything (is there an order
// between two accesses?), Wait only acquires that block until the
// release (does the spawner wait for the goroutine, or hope it ran?):
// locks, atomics and Once do not wait, and a send waits for its own
// value's receive only on an unbuffered channel.
//
// Direction and iterations matter. Releases count after an access and
// acquires before it only within one iteration of the loops holding them
// (Follows: reachable without a back edge, or after the loop): the
// receive at the head of a worker's loop comes before its write, and the
// receive after the write is the next iteration's, so a worker that
// receives a job and adds to a total is not ordered with the feeder that
// reads the total after each send.
//
// # Spawns and summaries
//
// Spawns lists the goroutines a function starts: go statements, wg.Go,
// errgroup's Go and TryGo (with the group's limit as a slot the spawner
// takes), time.AfterFunc and context.AfterFunc callbacks, the goroutines
// of the package's functions it calls (x.StartAsync(): three calls deep),
// and those of other packages' functions, from their FuncFact; what a
// constructor returns is bound to the call's result (go h.loop(); return
// h: the goroutine runs on the caller's h). A go statement calling an
// interface method (go s.Handle(ev)) is a spawn whose code is unknown:
// Spawn.Invokes holds the receiver's location. A goroutine
// that runs a function value its starter received (spawn(f): go f(), or a
// wrapper that recovers and calls f) runs the caller's function literal
// when the caller passes one: Spawn.Lit. Effects gives what a goroutine
// does that its spawner can see: the locations it writes (in its code,
// the literals it makes, the package's functions it calls through their
// parameters, and the spawner's literals it runs), the interface methods
// and function values it calls on locations the spawner reaches (where a
// test's fake or callback runs), and its releases. Supplied adds the code
// the spawner supplies that runs there: the methods of a fake type of the
// package whose value the spawner hands to a call before the start, or
// registers with the object the goroutine calls through (the map or
// slice of subscribers a bus ranges over), before or after the start;
// and its function literals handed over the same ways.
//
// FuncFact, exported for every function with something to say, carries
// the same relative to the function's parameters: its goroutines (writes,
// invokes, calls, the parameters they run, releases), its own
// synchronization on memory its parameters reach (only for functions that
// do more than lock and unlock: a critical section inside a callee orders
// nothing for its caller's goroutines), and, for exported functions of
// types some function starts goroutines on, what they read (getters).
//
// # What it gives up
//
// Paths through pointers are syntactic: two roots that hold the same
// pointer are May, never Must. Dynamic instances are approximated by
// iterations; a release and an acquire in matching iterations of two
// different loops are assumed to pair. Events inside callees are
// attributed to the call. Budgets: three calls deep for events, spawns
// and writes; 20,000 instructions per goroutine's effects; functions over
// 2,000 blocks have no events and no spawns (callers then see nothing
// there, which loses reports, never adds them); summaries hold at most 32
// items of each kind.
package hb
