// Package capturerace defines an Analyzer that reports data races on
// variables captured by goroutine closures.
//
// # Analyzer capturerace
//
// capturerace: variables captured by a goroutine and accessed without synchronization
//
// A function literal run on another goroutine shares the variables it
// captures with the function that starts it. The goroutine may be started
// by a go statement, wg.Go, errgroup's Go, time.AfterFunc or
// context.AfterFunc, or by a helper that runs the literal on a goroutine
// of its own (spawn(func() {...}), a wrapper that recovers and logs, a
// runner that counts its goroutines in a WaitGroup), in this package or
// another one (through the happens-before model's summaries). The analyzer
// reports three races that the runtime race detector finds most often,
// where they are certain.
//
// Whether two accesses are ordered is decided by one happens-before model
// (internal/hb) that knows channel pairs by capacity and direction, Wait,
// errgroup.Wait, done channels, locks on the same instance, Once, atomics
// on the same variable and Cond: a send orders what came before it for
// the receiver; a receive orders what came before it for the next sender
// only on a channel of capacity one (a semaphore of N > 1 admits N
// goroutines and orders nothing between them); a worker's receive before
// its write orders nothing for the feeder's later read. Calls the model
// cannot see into (a function value, an interface method) count on the
// spawner's side, where they may be the wait, and not on the goroutine's,
// where they are its work.
//
// Category spawner-access: the goroutine writes memory the spawner
// reaches — a captured variable (an assignment, v += x, v = append(v,
// x)), a field of a captured struct or of a struct a captured pointer
// points to (v.f = x, p.f = x), a map held there (m[k] = x, delete(m, k),
// r.sizes[k] = x) — and the spawning function accesses it after the go
// statement (reads or writes it, or the same field; for a map, any
// lookup, update, delete, range or len), and neither access happens
// before the other: no release of the goroutine after its write pairs
// with an acquire of the spawner before its access, nor the other way
// round, and no lock is held at both. The report is at the use, with the
// goroutine's write and the go statement as related information. An
// access after a time.Sleep is left to the sleepsync analyzer.
//
// The same category covers the other direction: the goroutine reads
// memory the spawner writes after the go statement — a constructor that
// starts its loop (go p.loop(), a method value or a function of the
// package as well as a literal) and then sets the interval or address the
// loop reads, a captured setting changed after the goroutine started —
// with neither access ordered before the other. Only the goroutine's own
// loads count (not its callees'), and a write of a later iteration is not
// reported when the spawner waits on every iteration for the goroutine (a
// retry loop that receives its result first). The report is at the write,
// with the goroutine's read and the go statement as related information.
//
// Category loop-goroutines: a go statement on a loop writes memory that
// is the same for every iteration (a variable declared before the loop,
// a field through a pointer bound before it; a loop variable, or a
// variable declared in the loop body, is a fresh variable per iteration
// since Go 1.22 and is not reported), and two of the goroutines can
// write at once: no lock is held at the write, the goroutines do not
// exclude each other (a capacity-one semaphore acquired before the write
// and released after, a token passed around a ring, an atomic hand-off),
// and the spawner does not wait on each iteration for what the goroutine
// releases after the write (wg.Wait per iteration, a receive of its
// result, a capacity-one semaphore, errgroup.SetLimit(1)). A bounded
// fan-out — a semaphore channel of capacity N > 1, SetLimit(N), a fixed
// pool of workers ranging over a jobs channel — is reported: the message
// names the semaphore or group that admits N goroutines at once. For maps
// this is the runtime's "concurrent map writes" crash. The report is at
// the write.
//
// Category loop-variable: in a file whose Go version is before 1.22 (the
// go directive of its module, or a //go:build go1.21 line), a variable
// declared by a for or range statement is one variable that the loop
// advances on every iteration; a goroutine started in the loop that reads
// it races with the advance, unless the iteration waits for the goroutine
// before going on. The report is at the read.
//
// Only the literal's own writes count (not those in nested literals such
// as a deferred recover or a Once.Do body, which may run under
// synchronization the pass does not see, nor those in the functions it
// calls), only writes with a position, and never writes to distinct
// slice elements (results[i] = x) or through a pointer as a whole (*p =
// x). A pointer variable assigned once where it is declared, the address
// of a local variable (p := &total), is that variable: *p += n is a write
// of total. A goroutine the goroutine starts is checked like any other
// (go func() { for ... { go func() { total++ }() } }()). Atomic accesses (sync/atomic calls and types) are not stores. The
// analyzer has no flags.
//
// WRONG:
//
//	var err error
//	var wg sync.WaitGroup
//	for _, v := range vols {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			if e := remove(v); e != nil {
//				err = e // every goroutine writes err
//			}
//		}()
//	}
//	wg.Wait()
//	return err
//
// RIGHT:
//
//	var (
//		mu  sync.Mutex
//		err error
//		wg  sync.WaitGroup
//	)
//	for _, v := range vols {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			if e := remove(v); e != nil {
//				mu.Lock()
//				err = e
//				mu.Unlock()
//			}
//		}()
//	}
//	wg.Wait()
//	return err
//
// WRONG:
//
//	var err error
//	go func() { err = srv.Serve(l) }()
//	if err != nil { // the goroutine may be writing err
//		return err
//	}
//
// RIGHT:
//
//	errc := make(chan error, 1)
//	go func() { errc <- srv.Serve(l) }()
//
// WRONG (a bounded fan-out still races):
//
//	sem := make(chan struct{}, 8)
//	for _, v := range vols {
//		sem <- struct{}{}
//		go func() {
//			defer func() { <-sem }()
//			if e := remove(v); e != nil {
//				err = e // eight goroutines at once
//			}
//		}()
//	}
package capturerace
