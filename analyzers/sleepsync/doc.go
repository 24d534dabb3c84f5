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
// or an atomic the goroutine updates. Between the go statement and the
// read there must be no synchronization other than the sleep: no WaitGroup
// or errgroup Wait, no channel receive or select with a receive case, no
// Cond.Wait or synctest.Wait, and no call to a function of the package that
// performs one (a send is not counted: it orders the spawner's earlier
// writes, not the goroutine's later ones). Such code is a data race or, with
// atomics, a wait that a slow machine loses: sleeping does not order
// memory, and the goroutine may not have run yet.
//
// What the goroutine writes is found in its body: the function literal of
// the go statement (and literals nested in it), or the body of a function
// of the package started with "go f(args)" or "go x.m(args)", whose writes
// through parameters are writes to the arguments; the package functions
// they call (a few levels deep); atomic writes (Add, Store, Swap, ...); and
// function literals of the spawner stored into an object the goroutine
// receives (a handler callback field). Reads are loads, map lookups and
// ranges, atomic loads, slices and maps passed to calls, and calls of
// package functions that read the written memory through their parameters
// (w.count() after go w.deliver(...)).
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
//     exempt when it is race-free by itself (an atomic load, or a load with
//     a lock held on every path to it), the memory's value before the
//     goroutine could change it is one known constant I (the zero value of
//     a variable allocated in the function, or the constants the function
//     stores to it, plain or with an atomic Store, on paths to the read;
//     any other store, atomic Add/Swap/CAS, or a pointer to it handed to a
//     call makes I unknown), and every use of the loaded value is a
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
