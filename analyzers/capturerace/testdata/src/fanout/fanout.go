// Package fanout holds bounded fan-outs (a semaphore, a limited errgroup,
// a fixed worker pool) that still race: a bound on how many goroutines run
// at once orders nothing between the ones that do.
package fanout

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

type volume struct{ name string }

func remove(v volume) error { return nil }

// Docker-style: removing volumes with at most 8 in flight; every goroutine
// may assign the captured error.
func removeVolumes(vols []volume) error {
	var err error
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, v := range vols {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if e := remove(v); e != nil {
				err = e // want `err is written by every goroutine started in this loop without synchronization: data race; the semaphore sem admits 8 goroutines at once`
			}
		}()
	}
	wg.Wait()
	return err
}

// Safe twin: a semaphore of one serialises the goroutines.
func removeVolumesOneAtATime(vols []volume) error {
	var err error
	var wg sync.WaitGroup
	sem := make(chan struct{}, 1)
	for _, v := range vols {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if e := remove(v); e != nil {
				err = e
			}
		}()
	}
	wg.Wait()
	return err
}

// Safe twin: the bounded fan-out writes the error under a mutex.
func removeVolumesLocked(vols []volume) error {
	var (
		mu  sync.Mutex
		err error
		wg  sync.WaitGroup
	)
	sem := make(chan struct{}, 8)
	for _, v := range vols {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if e := remove(v); e != nil {
				mu.Lock()
				err = e
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return err
}

type layer struct{ digest string }

func fetch(ctx context.Context, l layer) (int64, error) { return 0, nil }

// A limited errgroup appending to a captured slice: SetLimit(4) admits
// four goroutines at once.
func pullLayers(ctx context.Context, layers []layer) ([]int64, error) {
	var sizes []int64
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for _, l := range layers {
		g.Go(func() error {
			n, err := fetch(ctx, l)
			if err != nil {
				return err
			}
			sizes = append(sizes, n) // want `sizes is written by every goroutine started in this loop without synchronization: data race; the group g admits 4 goroutines at once`
			return nil
		})
	}
	err := g.Wait()
	return sizes, err
}

// Safe twin: results by index.
func pullLayersIndexed(ctx context.Context, layers []layer) ([]int64, error) {
	sizes := make([]int64, len(layers))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i, l := range layers {
		g.Go(func() error {
			n, err := fetch(ctx, l)
			sizes[i] = n
			return err
		})
	}
	err := g.Wait()
	return sizes, err
}

// Safe twin: SetLimit(1) runs one goroutine at a time, each after the
// previous one returned.
func pullLayersSerial(ctx context.Context, layers []layer) ([]int64, error) {
	var sizes []int64
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(1)
	for _, l := range layers {
		g.Go(func() error {
			n, err := fetch(ctx, l)
			sizes = append(sizes, n)
			return err
		})
	}
	err := g.Wait()
	return sizes, err
}

// A fixed pool of workers summing into one captured variable: each worker's
// receive orders nothing against the other workers.
func sumPool(jobs <-chan int, workers int) int {
	total := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				total += n // want `total is written by every goroutine started in this loop without synchronization`
			}
		}()
	}
	wg.Wait()
	return total
}

// Safe twin: each worker sums locally and hands its sum over a channel.
func sumPoolPartial(jobs <-chan int, workers int) int {
	sums := make(chan int, workers)
	for w := 0; w < workers; w++ {
		go func() {
			s := 0
			for n := range jobs {
				s += n
			}
			sums <- s
		}()
	}
	total := 0
	for w := 0; w < workers; w++ {
		total += <-sums
	}
	return total
}

// Safe twin: a token ring. Each goroutine waits for its turn, writes, and
// passes the turn on: one token, so one writer at a time.
func tokenRing(n int) []int {
	var order []int
	turns := make([]chan struct{}, n+1)
	for i := range turns {
		turns[i] = make(chan struct{})
	}
	for i := 0; i < n; i++ {
		go func() {
			<-turns[i]
			order = append(order, i)
			turns[i+1] <- struct{}{}
		}()
	}
	turns[0] <- struct{}{}
	<-turns[n]
	return order
}

// The feeder reads the worker's total after each send: the worker's
// receive comes before its write, so the send orders nothing about it.
func feedAndWatch(xs []int) {
	jobs := make(chan int)
	total := 0
	go func() {
		for n := range jobs {
			total += n
		}
	}()
	for _, x := range xs {
		jobs <- x
		fmt.Println("running total", total) // want `total is read here while the goroutine started at line \d+ may still be writing it`
	}
	close(jobs)
}

// Safe twin: the worker acknowledges each job after adding it.
func feedAndWatchAcked(xs []int) {
	jobs := make(chan int)
	acks := make(chan struct{})
	total := 0
	go func() {
		for n := range jobs {
			total += n
			acks <- struct{}{}
		}
	}()
	for _, x := range xs {
		jobs <- x
		<-acks
		fmt.Println("running total", total)
	}
	close(jobs)
}

// An atomic flag on another variable does not publish data.
func publishWrongFlag() int {
	var data int
	var ready, other atomic.Bool
	go func() {
		data = 42
		ready.Store(true)
	}()
	for !other.Load() {
	}
	return data // want `data is read here while the goroutine started at line \d+ may still be writing it`
}

// Safe twin: the flag the goroutine stores after writing is the one the
// spawner spins on.
func publishFlag() int {
	var data int
	var ready atomic.Bool
	go func() {
		data = 42
		ready.Store(true)
	}()
	for !ready.Load() {
	}
	return data
}

type report struct {
	mu    sync.Mutex
	sizes map[string]int64
}

func imageSize(string) int64 { return 0 }

// Kubernetes-style: the goroutines of a loop write a map held in a field of
// a captured struct: concurrent map writes.
func measure(images []string) map[string]int64 {
	r := &report{sizes: map[string]int64{}}
	var wg sync.WaitGroup
	for _, img := range images {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.sizes[img] = imageSize(img) // want `map r.sizes is updated by every goroutine started in this loop without synchronization: concurrent map writes crash the program`
		}()
	}
	wg.Wait()
	return r.sizes
}

// Safe twin: the map is written under the struct's mutex.
func measureLocked(images []string) map[string]int64 {
	r := &report{sizes: map[string]int64{}}
	var wg sync.WaitGroup
	for _, img := range images {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := imageSize(img)
			r.mu.Lock()
			r.sizes[img] = n
			r.mu.Unlock()
		}()
	}
	wg.Wait()
	return r.sizes
}

// The spawner reads the map of a captured struct's field while the
// goroutine may be writing it.
func measureOne(img string) int64 {
	var r report
	r.sizes = map[string]int64{}
	go func() {
		r.sizes[img] = imageSize(img)
	}()
	return r.sizes[img] // want `map r.sizes is accessed here while the goroutine started at line \d+ may still be updating it`
}

// Safe twin: a done channel orders the goroutine's write before the read.
func measureOneDone(img string) int64 {
	var r report
	r.sizes = map[string]int64{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.sizes[img] = imageSize(img)
	}()
	<-done
	return r.sizes[img]
}

// Safe twin: a sync.Cond the goroutine signals under the lock.
func waitCond() bool {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	ready := false
	go func() {
		mu.Lock()
		ready = true
		mu.Unlock()
		cond.Broadcast()
	}()
	mu.Lock()
	for !ready {
		cond.Wait()
	}
	r := ready
	mu.Unlock()
	return r
}

// Safe twin: a sync.Once in the goroutine and the spawner.
func onceInit() int {
	var once sync.Once
	var cfg int
	load := func() { cfg = 7 }
	go func() { once.Do(load) }()
	once.Do(load)
	return cfg
}
