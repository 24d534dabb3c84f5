// Package unboundedgo defines an Analyzer that reports goroutines started
// once per item of input of unknown size with no limit on concurrency.
//
// # Analyzer unboundedgo
//
// unboundedgo: goroutines spawned without a bound
//
// Every goroutine costs a few KiB of stack plus whatever it holds. Starting
// one per request item, per line of a file, per row of a query or per
// message of a queue is how a service runs out of memory (or file
// descriptors, or database connections) under load: the number of live
// goroutines is decided by the input, not by the program.
//
// The analyzer reports a go statement, a call of (*errgroup.Group).Go or
// TryGo on a group that never gets SetLimit, or a call of
// (*sync.WaitGroup).Go, inside a loop whose trip count comes from input:
//
//   - a range over a slice or map that is a parameter, the receiver, a
//     struct field or the result of a call (directly or through a local
//     variable assigned once), or a counted loop up to len of one;
//   - a range over a channel, or an endless loop that receives values;
//   - the lines, rows or records of a stream: for sc.Scan(), for
//     rows.Next(), for dec.More(), or an endless loop calling ReadString,
//     ReadLine, Read, Decode or ReadFrom.
//
// It stays silent when a bound is in sight:
//
//   - a semaphore: a send on a channel, or a receive of a token, in the loop
//     before the goroutine is started, or at the top of the goroutine; a
//     (*semaphore.Weighted).Acquire; a call, before the go statement, of a
//     function of the same package that does one of these;
//   - errgroup.Group.SetLimit on the same group (a group that is a
//     parameter may be limited by the caller and is not reported);
//   - a fixed worker pool: a counted loop (for i := 0; i < n; i++, or
//     for range n) whose bound is not the length of the input;
//   - a collection of constant size: an array, a composite literal, a
//     make with a constant length, a package-level variable (usually a
//     table), a call whose arguments are all constants;
//   - batching: a (*sync.WaitGroup).Wait or (*errgroup.Group).Wait in the
//     same loop iteration; a sync.Cond.Wait before the go statement;
//   - a goroutine that can only be started once: the statement after it
//     returns or breaks out of the loop;
//   - a local collection the analyzer cannot size (assigned more than
//     once, appended to, a range variable of an outer loop): unknown means
//     silent.
//
// Listener accept loops (for { c, err := l.Accept(); ...; go serve(c) },
// for any method named Accept whose result has Close and Read, Write or
// RemoteAddr methods) are the standard idiom of a Go server and are not
// reported unless the flag -unboundedgo.accept is set.
//
// A go statement in a loop in func main of a command is reported like any
// other: a command that starts a goroutine per line of its input has the
// same problem as a server.
//
// WRONG:
//
//	func (s *Server) Resize(ctx context.Context, images []Image) {
//		var wg sync.WaitGroup
//		for _, img := range images {
//			wg.Add(1)
//			go func() { // one goroutine (and one decoded image) per element
//				defer wg.Done()
//				s.resize(ctx, img)
//			}()
//		}
//		wg.Wait()
//	}
//
// RIGHT (a semaphore channel):
//
//	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
//	for _, img := range images {
//		sem <- struct{}{}
//		wg.Add(1)
//		go func() {
//			defer func() { <-sem; wg.Done() }()
//			s.resize(ctx, img)
//		}()
//	}
//
// RIGHT (errgroup.SetLimit):
//
//	g, ctx := errgroup.WithContext(ctx)
//	g.SetLimit(8)
//	for _, img := range images {
//		g.Go(func() error { return s.resize(ctx, img) })
//	}
//	return g.Wait()
//
// RIGHT (semaphore.Weighted):
//
//	sem := semaphore.NewWeighted(8)
//	for _, img := range images {
//		if err := sem.Acquire(ctx, 1); err != nil {
//			return err
//		}
//		go func() {
//			defer sem.Release(1)
//			s.resize(ctx, img)
//		}()
//	}
//
// RIGHT (a fixed worker pool):
//
//	work := make(chan Image)
//	for range runtime.NumCPU() {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			for img := range work {
//				s.resize(ctx, img)
//			}
//		}()
//	}
//	for _, img := range images {
//		work <- img
//	}
//	close(work)
//
// RIGHT (batches):
//
//	for batch := range slices.Chunk(images, 16) {
//		for _, img := range batch {
//			wg.Add(1)
//			go func() { defer wg.Done(); s.resize(ctx, img) }()
//		}
//		wg.Wait()
//	}
package unboundedgo
