// Package waitloop holds WaitGroup waits inside the loop that starts the
// goroutines they wait for (Docker #25384), each with a safe twin.
package waitloop

import "sync"

type plugin struct{ name string }

func (p *plugin) start() {}

type manager struct{ plugins []*plugin }

// The Docker shape: Add counts every plugin, but the first Wait runs after
// one goroutine has started, and no other will start.
func (pm *manager) startAll() {
	var group sync.WaitGroup
	group.Add(len(pm.plugins))
	for _, p := range pm.plugins {
		go func(p *plugin) {
			defer group.Done()
			p.start()
		}(p)
		group.Wait() // want `WaitGroup.Wait inside the loop that starts the goroutines can block forever: Add at line 17 counts every iteration's goroutine, but the first Wait runs when only one has started`
	}
}

// Safe twin: the fix, Wait after the loop.
func (pm *manager) startAllFixed() {
	var group sync.WaitGroup
	group.Add(len(pm.plugins))
	for _, p := range pm.plugins {
		go func(p *plugin) {
			defer group.Done()
			p.start()
		}(p)
	}
	group.Wait()
}

// Safe twin: Add(1) inside the loop with Wait inside runs the plugins one
// at a time, but does not deadlock.
func (pm *manager) startSerial() {
	var group sync.WaitGroup
	for _, p := range pm.plugins {
		group.Add(1)
		go func(p *plugin) {
			defer group.Done()
			p.start()
		}(p)
		group.Wait()
	}
}

func worker(wg *sync.WaitGroup, i int) {
	defer wg.Done()
	_ = i
}

// Add(n) with a counted loop and a named worker taking the group.
func runN(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go worker(&wg, i)
		wg.Wait() // want `WaitGroup.Wait inside the loop that starts the goroutines can block forever: Add at line 62 counts every iteration's goroutine`
	}
}

// Safe twin: batches, Add per batch in the outer loop, Wait after the
// inner loop.
func runBatches(batches [][]int) {
	var wg sync.WaitGroup
	for _, batch := range batches {
		wg.Add(len(batch))
		for _, i := range batch {
			go worker(&wg, i)
		}
		wg.Wait()
	}
}

// Safe twin: Wait on the last iteration, then return: the Wait is not on a
// cycle.
func runLast(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go worker(&wg, i)
		if i == n-1 {
			wg.Wait()
			return
		}
	}
}

// Safe twin: Wait on the last iteration only, staying in the loop: the go
// statement can run again before a Wait.
func runLastStay(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go worker(&wg, i)
		if i == n-1 {
			wg.Wait()
		}
	}
}

// Safe twin: the loop returns right after the Wait.
func runFirst(xs []int) {
	var wg sync.WaitGroup
	wg.Add(len(xs))
	for _, x := range xs {
		go worker(&wg, x)
		wg.Wait()
		return
	}
}

// A constant Add(2) for two functions started one per iteration.
func pair(a, b func()) {
	var wg sync.WaitGroup
	wg.Add(2)
	for _, f := range []func(){a, b} {
		go func() {
			defer wg.Done()
			f()
		}()
		wg.Wait() // want `WaitGroup.Wait inside the loop that starts the goroutines can block forever: Add at line 123 adds 2, but the first Wait runs when only one goroutine has started`
	}
}

// Safe twin (out of scope): Add(1) before the loop; the second iteration
// makes the counter negative, a different bug.
func pairOne(a, b func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	for _, f := range []func(){a, b} {
		go func() {
			defer wg.Done()
			f()
		}()
		wg.Wait()
	}
}

// Safe twin: wg.Go in a loop with Wait inside counts each goroutine itself.
func runGo(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Go(f)
		wg.Wait()
	}
}

func helper(wg *sync.WaitGroup) { wg.Done() }

// Safe twin: the group is also passed to a helper that may call Done.
func runHelper(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go worker(&wg, i)
		helper(&wg)
		wg.Wait()
	}
}

// Safe twin: Done only through a helper inside the goroutine.
func runIndirect(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			helper(&wg)
		}()
		wg.Wait()
	}
}

// A captured *sync.WaitGroup variable: the group is reached through a load.
func runPtr(xs []int) {
	wg := new(sync.WaitGroup)
	wg.Add(len(xs))
	for _, x := range xs {
		go func() {
			defer wg.Done()
			_ = x
		}()
		wg.Wait() // want `WaitGroup.Wait inside the loop that starts the goroutines can block forever: Add at line 184 counts`
	}
}

// Safe twin: the pointer variable is reassigned, so the group may change.
func runPtrReassigned(xs []int) {
	wg := new(sync.WaitGroup)
	wg.Add(len(xs))
	for _, x := range xs {
		go func() {
			defer wg.Done()
			_ = x
		}()
		wg.Wait()
		wg = new(sync.WaitGroup)
	}
}

// Safe twin: the group belongs to the caller, who may call Done too.
func runParam(wg *sync.WaitGroup, n int) {
	wg.Add(n)
	for i := 0; i < n; i++ {
		go worker(wg, i)
		wg.Wait()
	}
}

// Safe twin: two goroutines per iteration for Add(2): the first Wait sees
// both.
func runTwoPerIteration(n int) {
	var wg sync.WaitGroup
	wg.Add(2)
	for i := 0; i < n; i++ {
		go worker(&wg, i)
		go worker(&wg, i+1)
		wg.Wait()
		wg.Add(2)
	}
}

// The group handed to an anonymous function as an argument, initialized
// with a composite literal.
func runArg(xs []string) {
	wg := sync.WaitGroup{}
	wg.Add(len(xs))
	for _, x := range xs {
		go func(wg *sync.WaitGroup, s string) {
			defer wg.Done()
			_ = s
		}(&wg, x)
		wg.Wait() // want `WaitGroup.Wait inside the loop that starts the goroutines can block forever: Add at line \d+ counts every iteration's goroutine`
	}
}

// Safe twin: the goroutine also adds to the group (it starts helpers of
// its own): the count is not what the rule assumes.
func runArgAdds(xs []string) {
	wg := sync.WaitGroup{}
	wg.Add(len(xs))
	for _, x := range xs {
		go func(wg *sync.WaitGroup, s string) {
			defer wg.Done()
			wg.Add(1)
			go func() { defer wg.Done(); _ = s }()
		}(&wg, x)
		wg.Wait()
	}
}

// Safe twin: the go statement is conditional, so the first Wait may run
// before any goroutine has started (a bug too, but not the one the message
// describes).
func runCond(xs []int) {
	var wg sync.WaitGroup
	wg.Add(len(xs))
	for _, x := range xs {
		if x > 0 {
			go worker(&wg, x)
		}
		wg.Wait()
	}
}
