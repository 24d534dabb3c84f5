// Package waits holds Cond and WaitGroup waits that can last forever, each
// with a safe twin.
package waits

import (
	"errors"
	"sync"
)

func work() error { return errors.New("x") }

// A worker that returns early on an error skips Done, so Wait never returns
// (a classic in Kubernetes controllers).
func runAll(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			if err := work(); err != nil {
				return
			}
			wg.Done()
		}()
	}
	wg.Wait() // want `WaitGroup.Wait can block forever: the goroutine started at line \d+ can return at line \d+ without calling Done`
}

// Safe twin: defer wg.Done().
func runAllDefer(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := work(); err != nil {
				return
			}
		}()
	}
	wg.Wait()
}

// Safe twin: Done on both paths.
func runAllBoth(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			if err := work(); err != nil {
				wg.Done()
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// A queue whose Cond is never signalled.
type queue struct {
	mu    sync.Mutex
	ready *sync.Cond
	items []int
}

func newQueue() *queue {
	q := &queue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

func (q *queue) push(x int) {
	q.mu.Lock()
	q.items = append(q.items, x)
	q.mu.Unlock()
}

func (q *queue) pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.ready.Wait() // want `Cond.Wait can block forever: nothing calls Signal or Broadcast on queue.ready, an unexported field only this package can reach`
	}
	x := q.items[0]
	q.items = q.items[1:]
	return x
}

// Safe: an exported cond may be signalled by other packages.
type Gate struct {
	mu sync.Mutex
	C  *sync.Cond
}

func (g *Gate) Pass() {
	g.mu.Lock()
	g.C.Wait()
	g.mu.Unlock()
}

// Safe twin in the same package: a pool whose release signals.
type pool struct {
	mu    sync.Mutex
	cond  sync.Cond
	quota int
}

func (p *pool) acquire() {
	p.mu.Lock()
	for p.quota == 0 {
		p.cond.Wait()
	}
	p.quota--
	p.mu.Unlock()
}

func (p *pool) release() {
	p.mu.Lock()
	p.quota++
	p.mu.Unlock()
	p.cond.Signal()
}
