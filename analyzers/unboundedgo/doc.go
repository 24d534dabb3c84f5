// Package unboundedgo defines an Analyzer that reports goroutines started
// once per item of input of unknown size with no limit on concurrency.
//
// # Analyzer unboundedgo
//
// unboundedgo: goroutines spawned without a bound
//
// Every goroutine costs a few KiB of stack plus whatever it holds. Starting
// one per message of a queue, per line of a file, per row of a query or per
// entry of a directory is how a service runs out of memory (or file
// descriptors, or database connections) under load: the number of live
// goroutines is decided by the input, not by the program.
//
// The analyzer reports a go statement, a call of (*sync.WaitGroup).Go, or
// a call of (*errgroup.Group).Go or TryGo on a group that never gets
// SetLimit, inside a loop whose trip count comes from input:
//
//   - a range over a channel, or an endless loop (for { ... }, for !done
//     { ... }) that receives a value before the go statement;
//   - a stream: for sc.Scan(), for rows.Next(), for dec.More(), or an
//     endless loop calling ReadString, ReadLine, Read, Decode, ReadFrom or
//     ReadFromUDP (bufio, net/textproto, database/sql, encoding/json, gob,
//     xml, csv, io.Reader, net.PacketConn), or any call that can fail
//     (msg, err := sub.Receive(ctx)) whose result the goroutine uses: a
//     queue client, an RPC stream, a reader of requests;
//   - a listing: the result of os.ReadDir, (*os.File).ReadDir/Readdir,
//     fs.ReadDir, filepath.Glob, (*csv.Reader).ReadAll, or of a function of
//     the same package that returns one; the lines or fields
//     (strings.Split, Fields, Lines, ...) of what os.ReadFile or io.ReadAll
//     returned;
//   - a decoded collection: a variable (or a field of one) that
//     json.Unmarshal, xml.Unmarshal or a json, xml or gob Decoder's Decode
//     filled (var req batchRequest; json.NewDecoder(r.Body).Decode(&req);
//     for _, it := range req.Items), or the result of a function of the
//     same package that returns such a variable on every path that
//     returns a collection (items, err := parseItems(r.Body)): its size
//     is whoever sent the request or wrote the stream;
//   - recursion: a goroutine that runs the function starting it (go
//     c.visit(link) inside visit, or a literal calling it) for every
//     element of a call's result (the links a page yields): each goroutine
//     may start as many more.
//
// The goroutine must use something of the iteration (the element, or a
// value derived from it in the loop): go cancel() in a loop is usually
// guarded by a condition that holds once.
//
// It stays silent when a bound is in sight:
//
//   - a semaphore: a send on a channel, or a receive of a token, in the loop
//     before the goroutine is started; a send of a token (sem <-
//     struct{}{}), a token receive, or a (*semaphore.Weighted).Acquire at
//     the top of the goroutine (its first statements, before any loop or go
//     statement); a call, before the go statement, of a function of the
//     same package whose top does one of these;
//   - errgroup.Group.SetLimit on the same group anywhere in the package (a
//     group that is a parameter, or an exported field, may be limited by
//     the caller: silent);
//   - a fixed worker pool: a counted loop (for i := 0; i < n; i++, for
//     range n) whose bound is not the length of the input;
//   - batching: a (*sync.WaitGroup).Wait or (*errgroup.Group).Wait in the
//     same iteration, a receive after the go statement in the same
//     iteration (go run(f); <-f.done), a sync.Cond.Wait before it;
//   - a counter: the go statement is guarded by an if or for condition
//     comparing a variable the loop updates (if active < max { active++;
//     go ... }, for len(idle) > 0 { ... });
//   - a goroutine that can only be started once: a statement after it
//     returns, panics, or breaks out of the loop;
//   - connections: a loop over Accept (any method named Accept... whose
//     result can be closed and read, written or addressed) or over a
//     channel of connections is the standard idiom of a Go server; so is
//     a handler per request read from a connection or codec that answers
//     on it (for { req, err := codec.ReadRequest(); ...; go s.serve(codec,
//     req) }: the goroutine uses what the loop reads from, or the
//     connection it wraps);
//   - owner goroutines: a range over an unexported channel field that the
//     package sends on only outside loops (a Subscribe or Watch method
//     handing each request to a run loop, which starts one long-lived
//     goroutine per subscription): the number of goroutines is the number
//     of API calls;
//   - one worker per key: the spawn is guarded by a map-membership check
//     (if _, ok := m[k]; !ok) whose branch inserts the key before the go
//     statement.
//
// Flags (all off by default):
//
//   - -unboundedgo.collections: also report loops over slices and maps
//     that are parameters, the receiver, struct fields or results of other
//     calls (fan-out over a request's items). Their size is decided by the
//     caller; on the standard library and x/tools most such loops run over
//     small configured lists (analyzers, source directories, registered
//     hooks), so they are opt-in. Even then, slices of functions (hooks),
//     arrays, composite literals, make with a constant length,
//     package-level variables, calls with constant arguments, fields of a
//     row of a local table and local variables assigned more than once are
//     silent.
//   - -unboundedgo.accept: also report accept loops and per-request
//     handlers answering on their connection.
//   - -unboundedgo.tests: also report in _test.go files (tests control
//     their fixtures; a goroutine per fixture does not grow with load).
//
// A go statement in a loop in func main of a command is reported like any
// other: a command that starts a goroutine per line of its input has the
// same problem as a server.
//
// WRONG:
//
//	func (c *Consumer) Run(ctx context.Context) {
//		for msg := range c.deliveries { // one goroutine per message
//			go c.handle(ctx, msg)
//		}
//	}
//
// RIGHT (a semaphore channel):
//
//	sem := make(chan struct{}, c.maxInFlight)
//	for msg := range c.deliveries {
//		sem <- struct{}{}
//		go func() {
//			defer func() { <-sem }()
//			c.handle(ctx, msg)
//		}()
//	}
//
// RIGHT (a fixed worker pool):
//
//	var wg sync.WaitGroup
//	for range c.workers {
//		wg.Go(func() {
//			for msg := range c.deliveries {
//				c.handle(ctx, msg)
//			}
//		})
//	}
//	wg.Wait()
//
// WRONG:
//
//	entries, err := os.ReadDir(dir)
//	...
//	g, ctx := errgroup.WithContext(ctx)
//	for _, e := range entries { // one goroutine per file
//		g.Go(func() error { return index(ctx, filepath.Join(dir, e.Name())) })
//	}
//	return g.Wait()
//
// RIGHT (errgroup.SetLimit):
//
//	g, ctx := errgroup.WithContext(ctx)
//	g.SetLimit(runtime.GOMAXPROCS(0))
//	for _, e := range entries {
//		g.Go(func() error { return index(ctx, filepath.Join(dir, e.Name())) })
//	}
//	return g.Wait()
//
// RIGHT (semaphore.Weighted):
//
//	sem := semaphore.NewWeighted(8)
//	for _, e := range entries {
//		if err := sem.Acquire(ctx, 1); err != nil {
//			return err
//		}
//		go func() {
//			defer sem.Release(1)
//			index(ctx, filepath.Join(dir, e.Name()))
//		}()
//	}
//
// RIGHT (batches):
//
//	for batch := range slices.Chunk(entries, 16) {
//		var wg sync.WaitGroup
//		for _, e := range batch {
//			wg.Go(func() { index(ctx, filepath.Join(dir, e.Name())) })
//		}
//		wg.Wait()
//	}
package unboundedgo
