// Package capturerace defines an Analyzer that reports data races on
// variables captured by goroutine closures.
//
// # Analyzer capturerace
//
// capturerace: variables captured by a goroutine and accessed without synchronization
//
// A function literal started with go (or with wg.Go / errgroup's g.Go)
// shares the variables it captures with the function that starts it. The
// analyzer reports two races that the runtime race detector finds most
// often, and only where they are certain.
//
// Category spawner-access: the goroutine writes a captured variable v (an
// assignment, v += x, v = append(v, x), a field of a struct variable
// v.f = x; or, for a map, m[k] = x and delete(m, k)) and the spawning
// function uses v after the go statement (reads or writes it, or the same
// field; for a map, any lookup, update, delete, range or len)
// with no synchronizing operation on any path between the go statement and
// the use: no channel send, receive, select or close, no Lock or Unlock,
// no WaitGroup, errgroup, Cond, Once, semaphore or atomic operation, no
// time.Sleep (the sleepsync analyzer reports those), and no call that
// might do one of these (a function value, an interface method, a function
// of the package that does, a function of another package taking a
// channel or a function). The report is at the use, with the goroutine's
// write and the go statement as related information.
//
// Category loop-goroutines: a go statement on a loop writes a captured
// variable declared before the loop (a loop variable, or a variable
// declared in the loop body, is a fresh variable per iteration since Go
// 1.22 and is not reported), or updates a captured map, and nothing on the
// loop makes the spawner wait between two starts (the same list of
// operations; a send counts, as a semaphore of size one serialises the
// goroutines; an errgroup with SetLimit is not reported). Every goroutine
// of the loop writes the same variable: a data race, and for maps the
// runtime's "concurrent map writes" crash. The report is at the write.
//
// In both kinds the goroutine's write counts only when it is made in the
// function literal itself (not in a nested literal such as a deferred
// recover or a Once.Do body), with no lock held (as the lock engine
// computes it), and with no synchronizing operation on any path from the
// goroutine's start to the write: a goroutine that first receives, locks,
// waits or uses an atomic may be ordered after the spawner (or the other
// goroutines). Measured on std: dropping this condition for loop
// goroutines adds token-passing rings (each goroutine receives its turn
// before writing) and atomic hand-offs, which are not races. Calls the analyzer cannot see into do not count on the
// goroutine's side: they are its work. Accesses with a lock held are not
// reported, nor atomic accesses (sync/atomic calls and types are not
// stores), nor writes to distinct slice elements (results[i] = x), nor
// accesses before the go statement, nor accesses in other function
// literals of the spawner (a deferred closure). The analyzer has no flags.
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
package capturerace
