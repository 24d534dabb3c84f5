// Package fanout fans work out over the items of a request.
package fanout

import (
	"context"
	"os"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/sync/semaphore"
)

type Item struct{ ID, URL string }

type Request struct {
	Items []Item
	Tags  map[string]string
}

type Thumbnailer struct {
	mu      sync.Mutex
	done    map[string]bool
	pending []Item
	workers int
}

func (t *Thumbnailer) render(ctx context.Context, it Item) {}

// BAD: one goroutine per element of a parameter.
func (t *Thumbnailer) RenderAll(ctx context.Context, items []Item) {
	var wg sync.WaitGroup
	for _, it := range items { // the loop
		wg.Add(1)
		go func() { // want `goroutine started for every element of items \(a parameter\) with no bound: limit concurrency with a semaphore channel, errgroup.SetLimit or a worker pool`
			defer wg.Done()
			t.render(ctx, it)
		}()
	}
	wg.Wait()
}

// SAFE twin: a semaphore channel acquired in the loop before the go.
func (t *Thumbnailer) RenderAllSem(ctx context.Context, items []Item) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, it := range items {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			t.render(ctx, it)
		}()
	}
	wg.Wait()
}

// BAD: a field of the request, through a local variable.
func (t *Thumbnailer) Handle(ctx context.Context, req *Request) {
	items := req.Items
	for _, it := range items {
		go t.render(ctx, it) // want `goroutine started for every element of items \(req.Items, a field\) with no bound`
	}
}

// SAFE twin: the semaphore is acquired at the top of the goroutine.
func (t *Thumbnailer) HandleSemInside(ctx context.Context, req *Request, sem chan struct{}) {
	items := req.Items
	for _, it := range items {
		go func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			t.render(ctx, it)
		}()
	}
}

// BAD: a map field.
func (t *Thumbnailer) Tags(ctx context.Context, req *Request) {
	for k := range req.Tags {
		go t.render(ctx, Item{ID: k}) // want `goroutine started for every entry of req.Tags \(a field\)`
	}
}

// SAFE twin: semaphore.Weighted.
func (t *Thumbnailer) TagsWeighted(ctx context.Context, req *Request) error {
	sem := semaphore.NewWeighted(4)
	for k := range req.Tags {
		if err := sem.Acquire(ctx, 1); err != nil {
			return err
		}
		go func() {
			defer sem.Release(1)
			t.render(ctx, Item{ID: k})
		}()
	}
	return nil
}

// BAD: one goroutine per file of a directory.
func (t *Thumbnailer) Dir(ctx context.Context, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		go t.render(ctx, Item{ID: e.Name()}) // want `goroutine started for every element of entries \(the result of os.ReadDir\)`
	}
	return nil
}

// SAFE twin: a fixed pool of workers fed by a channel.
func (t *Thumbnailer) DirPool(ctx context.Context, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	work := make(chan Item)
	var wg sync.WaitGroup
	for i := 0; i < runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				t.render(ctx, it)
			}
		}()
	}
	for _, e := range entries {
		work <- Item{ID: e.Name()}
	}
	close(work)
	wg.Wait()
	return nil
}

// SAFE: a pool sized by a config field.
func (t *Thumbnailer) Pool(ctx context.Context, work chan Item) {
	for range t.workers {
		go func() {
			for it := range work {
				t.render(ctx, it)
			}
		}()
	}
}

// BAD: a counted loop up to the length of the input is not a pool.
func (t *Thumbnailer) Indexed(ctx context.Context, items []Item) {
	for i := 0; i < len(items); i++ {
		go t.render(ctx, items[i]) // want `goroutine started for every element of items \(a parameter\)`
	}
	for i := range len(t.pending) {
		go t.render(ctx, t.pending[i]) // want `goroutine started for every element of t.pending \(a field\)`
	}
}

// SAFE twin of Indexed: a counted pool over a shared index.
func (t *Thumbnailer) IndexedPool(ctx context.Context, items []Item) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < t.workers; w++ {
		wg.Go(func() {
			for i := range next {
				t.render(ctx, items[i])
			}
		})
	}
	for i := range len(items) {
		next <- i
	}
	close(next)
	wg.Wait()
}

// SAFE: batches; the iteration waits for its goroutines.
func (t *Thumbnailer) Batches(ctx context.Context, batches [][]Item) {
	for _, batch := range batches {
		var wg sync.WaitGroup
		for _, it := range batch {
			wg.Add(1)
			go func() { defer wg.Done(); t.render(ctx, it) }()
		}
		wg.Wait()
	}
}

// BAD twin of Batches: the wait is after the loop.
func (t *Thumbnailer) NoBatches(ctx context.Context, batch []Item) {
	var wg sync.WaitGroup
	for _, it := range batch {
		wg.Add(1)
		go func() { defer wg.Done(); t.render(ctx, it) }() // want `goroutine started for every element of batch \(a parameter\)`
	}
	wg.Wait()
}

// SAFE: constant-size collections.
func (t *Thumbnailer) Constant(ctx context.Context) {
	var mirrors [3]string
	for _, m := range mirrors {
		go t.render(ctx, Item{URL: m})
	}
	for _, m := range []string{"a", "b"} {
		go t.render(ctx, Item{URL: m})
	}
	sizes := make([]int, 4)
	for i := range sizes {
		go t.render(ctx, Item{ID: string(rune(i))})
	}
	for _, f := range strings.Fields("small medium large") {
		go t.render(ctx, Item{ID: f})
	}
	for _, p := range defaultPeers {
		go t.render(ctx, Item{URL: p})
	}
}

var defaultPeers = []string{"a", "b"}

// SAFE: the goroutine starts at most once.
func (t *Thumbnailer) First(ctx context.Context, items []Item) {
	for _, it := range items {
		if it.URL != "" {
			go t.render(ctx, it)
			break
		}
	}
	for _, it := range items {
		if it.ID == "x" {
			go t.render(ctx, it)
			return
		}
	}
}

// BAD twin of First: the break only leaves the switch.
func (t *Thumbnailer) FirstSwitch(ctx context.Context, items []Item) {
	for _, it := range items {
		switch it.ID {
		case "x":
			go t.render(ctx, it) // want `goroutine started for every element of items`
			break
		}
	}
}

// SAFE: a collection built locally with appends has an unknown size and is
// not reported.
func (t *Thumbnailer) Local(ctx context.Context, items []Item) {
	var todo []Item
	for _, it := range items {
		if !t.done[it.ID] {
			todo = append(todo, it)
		}
	}
	for _, it := range todo {
		go t.render(ctx, it)
	}
}

// SAFE: an acquire helper of this package called before the go.
type limiter struct{ slots chan struct{} }

func (l *limiter) acquire() { l.slots <- struct{}{} }
func (l *limiter) release() { <-l.slots }

func (t *Thumbnailer) Helper(ctx context.Context, l *limiter, items []Item) {
	for _, it := range items {
		l.acquire()
		go func() {
			defer l.release()
			t.render(ctx, it)
		}()
	}
}

// BAD twin of HandleSemInside: the goroutine sends its result, which is no
// semaphore.
func (t *Thumbnailer) Results(ctx context.Context, items []Item) []string {
	out := make(chan string)
	for _, it := range items {
		go func() { // want `goroutine started for every element of items \(a parameter\)`
			out <- it.ID
		}()
	}
	var ids []string
	for range items {
		ids = append(ids, <-out)
	}
	return ids
}

// SAFE: hooks registered by the program, one goroutine each.
type Server struct{ onShutdown []func() }

func (s *Server) Shutdown() {
	for _, f := range s.onShutdown {
		go f()
	}
}

// SAFE: the goroutine uses nothing of the iteration; it is guarded by a
// condition that holds once.
func (t *Thumbnailer) CancelMidway(ctx context.Context, items []Item, cancel func()) {
	n := 0
	for _, it := range items {
		n++
		if n == 2 {
			go cancel()
		}
		t.render(ctx, it)
	}
}

// SAFE: the iteration waits for its goroutine.
func (t *Thumbnailer) OneAtATime(ctx context.Context, items []Item) {
	for _, it := range items {
		done := make(chan struct{})
		go func() { defer close(done); t.render(ctx, it) }()
		<-done
	}
}

// BAD twin of OneAtATime: the receive is in another branch.
func (t *Thumbnailer) SometimesWait(ctx context.Context, items []Item) {
	for _, it := range items {
		done := make(chan struct{})
		if it.URL != "" {
			go func() { defer close(done); t.render(ctx, it) }() // want `goroutine started for every element of items`
		} else {
			<-done
		}
	}
}

type Set struct {
	Name  string
	Items []Item
}

// SAFE: rows of a local table.
func (t *Thumbnailer) Warmup(ctx context.Context) {
	sets := []Set{{Name: "icons"}, {Name: "banners"}}
	for _, set := range sets {
		for _, it := range set.Items {
			go t.render(ctx, it)
		}
	}
}

// BAD twin of Warmup: rows of a parameter.
func (t *Thumbnailer) WarmupAll(ctx context.Context, sets []Set) {
	for _, set := range sets {
		for _, it := range set.Items {
			go t.render(ctx, it) // want `goroutine started for every element of set.Items \(a field\)`
		}
	}
}

// BAD (with -unboundedgo.collections): a line iterator over a parameter.
func (t *Thumbnailer) Lines(ctx context.Context, text string) {
	for line := range strings.Lines(text) {
		go t.render(ctx, Item{ID: line}) // want `goroutine started for every value yielded by strings.Lines\(text\) \(over text, a parameter\)`
	}
}
