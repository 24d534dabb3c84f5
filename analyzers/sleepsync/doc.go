// Package sleepsync defines an Analyzer that reports time.Sleep used to
// wait for goroutines instead of synchronizing with them.
//
// # Analyzer sleepsync
//
// sleepsync: time.Sleep used to wait for a goroutine's result
//
// The analyzer reports a call to time.Sleep in a function (typically a
// test) that earlier started a goroutine, when after the sleep the function
// reads memory that the goroutine writes: a captured variable, an element
// of a captured slice or map, a field of an object the goroutine received,
// or an atomic the goroutine updates. Between the start and the read the
// function must not wait for the goroutine: no acquire that blocks until
// the goroutine releases it, as the happens-before model (internal/hb)
// pairs them under its Wait strictness — a receive (or select receive
// case) on a channel the goroutine may send on or close, a send on an
// unbuffered channel it receives from, a WaitGroup or errgroup Wait, a
// Cond.Wait, a semaphore acquire, synctest.Wait, or a call the model
// cannot see into (a function value, an interface method, another
// package's function taking a channel or a function without a summary).
// Locks, atomics and once.Do order accesses but do not wait. Such code is
// a data race or, with atomics, a wait that a slow machine loses: sleeping
// does not order memory, and the goroutine may not have run yet.
//
// The goroutine may be started by a go statement, wg.Go, errgroup's Go, a
// time.AfterFunc or context.AfterFunc callback, or inside a call: a
// function of the package (s.StartAsync(), p.Publish(msg), a debouncer's
// d.Trigger() arming a timer), or of another package whose summary (a
// fact of the happens-before model) says calling it starts one.
//
// What the goroutine writes is found in its body: the function literal or
// function it runs (and literals nested in it), whose writes through free
// variables and parameters are writes to what the spawner bound them to;
// the package functions it calls (a few levels deep); atomic writes (Add,
// Store, Swap, ...); function literals of the spawner stored into an
// object the goroutine receives (a handler callback field); and code the
// test supplied: when the goroutine calls an interface method, the method
// of a type of the package (a fake) whose value the function handed to a
// call before starting the goroutine (NewPublisher(fake, nil)), or
// registered, before or after the start, with the object the goroutine
// calls it through (bus.Subscribe(fake), where bus.Publish starts a
// goroutine per subscriber it keeps in a map or slice); when it calls a
// function value, the literals the function handed to such calls
// (NewWatcher(func(ev string) { events = append(events, ev) })) or
// registered that way (hub.Watch(func(ev Event) {...}) with a delivery
// goroutine NewHub started, or l.Post(func() {...}) queueing the literal
// on the channel an event loop's goroutine takes functions from). Across
// packages the summary lists the goroutine's writes, invokes and calls
// relative to the call's arguments. Reads are loads, map lookups and
// ranges, atomic loads, slices and maps passed to calls, and calls of
// functions that read the written memory through their parameters, in
// this package or (for exported methods of types that start goroutines)
// another one: w.count() after go w.deliver(...), c.Get(k) after
// c.Refresh().
//
// Deliberately not reported, to stay precise:
//
//   - a sleep inside a loop: a polling loop that re-checks a condition
//     (for !done() { time.Sleep(d) }) is a deliberate poll;
//   - reads that follow a proper synchronization after the sleep
//     (wg.Wait(), <-done);
//   - sleeps inside the goroutine itself (simulated work);
//   - a function that reads nothing the goroutine writes, including the
//     common go srv.Run(); time.Sleep(d); http.Get(url) shape: the
//     dependency on the goroutine goes through the network or the operating
//     system, which the analyzer cannot see;
//   - a pointer to the written memory passed to a call of another package
//     or through an interface (check(srv), srv.Addr() of an imported
//     type): the callee may synchronize;
//   - a sleep inside a synctest bubble (synctest.Test), where time is fake
//     and sleeping is deterministic, and reads after synctest.Wait;
//   - absence checks: "wait a bit to see that nothing happens". A read is
//     exempt when it is race-free by itself (an atomic load, a load with
//     a lock held on every path to it, or a call of a package function
//     returning one such load: a locked getter), the memory's value
//     before the goroutine could change it is one known constant I (the
//     zero value of a variable allocated in the function or of a field a
//     constructor of the package leaves unset, or the constants the
//     function stores to it, plain or with an atomic Store, on paths to
//     the read; any other store, atomic Add/Swap/CAS, or a pointer to it
//     handed to a call that may set it before returning makes I unknown),
//     and every use of the loaded value is a
//     comparison with a constant (==, !=, <, <=, >, >=, the bool itself or
//     its negation) whose branch for "differs from what x == I gives"
//     reaches a test failure (t.Error, t.Errorf, t.Fail, t.Fatal, t.Fatalf,
//     t.FailNow, panic, log.Fatal, os.Exit; not t.Skip) in blocks the
//     other branch cannot reach, or is formatted into a message (a
//     variadic argument of a fmt, log or testing call, such as t.Logf), or
//     lies on such a failure branch. So "if n.Load() != 0 { t.Fatal() }"
//     and "if acc >= N { t.Fatal() }" after a sleep are silent, since a
//     slow goroutine makes them pass, while "if n.Load() != 3 { t.Fatal() }"
//     is reported; so is a plain unlocked "if err != nil" read, a data
//     race whatever it is compared with. Reads on the failure branch of an
//     exempt check (t.Fatalf("got %d", n.Load())) are exempt too, and the
//     report moves on to the next read after the sleep;
//   - calls that update a self-synchronizing object: a call of a package
//     function that reads what the goroutine writes is not counted as a
//     read when the callee (or a package function it calls, a few levels
//     deep) also writes that memory atomically or with a lock held, and
//     none of its results derives from reading it (a backward slice from
//     its return values through SSA values reaches no such load, lookup,
//     atomic load, or call of a package function that reads it). Such a
//     call (js.clearPAF(id), session.Ping(), sm.Transition(s)) operates on
//     the object concurrently with the goroutine without a race, and tells
//     the test nothing about how far the goroutine got. A pure reader under
//     the lock (w.count()) or a locked read-modify-write returning what it
//     read (w.drain()) is still a read.
//
// Flags: -calls (default false) also counts any call that receives the
// object the goroutine writes (a pointer or interface handle) as a read of
// what it wrote.
//
// WRONG:
//
//	func TestWorker(t *testing.T) {
//		var got []int
//		go func() {
//			for i := range 3 {
//				got = append(got, i)
//			}
//		}()
//		time.Sleep(100 * time.Millisecond)
//		if len(got) != 3 {
//			t.Fatalf("got %v", got)
//		}
//	}
//
// RIGHT:
//
//	func TestWorker(t *testing.T) {
//		var got []int
//		done := make(chan struct{})
//		go func() {
//			defer close(done)
//			for i := range 3 {
//				got = append(got, i)
//			}
//		}()
//		<-done
//		if len(got) != 3 {
//			t.Fatalf("got %v", got)
//		}
//	}
package sleepsync
