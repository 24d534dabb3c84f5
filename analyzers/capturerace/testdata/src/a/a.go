package a

import (
	"sync"
	"sync/atomic"
	"time"
)

func work() error { return nil }

// --- A: spawner vs goroutine ---

func spawnerRead() error {
	var err error
	go func() {
		err = work()
	}()
	return err // want `err is read here while the goroutine started at line 15 may still be writing it \(line 16\): data race`
}

func spawnerReadAfterWait() error {
	var err error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		err = work()
	}()
	wg.Wait()
	return err
}

func spawnerReadAfterRecv() error {
	var err error
	done := make(chan struct{})
	go func() {
		err = work()
		close(done)
	}()
	<-done
	return err
}

func spawnerWrite() {
	n := 0
	go func() {
		n = 1
	}()
	n = 2 // want `n is written here while the goroutine`
	_ = n
}

func spawnerAccessBefore() int {
	n := 0
	n++
	go func() {
		n = 1
	}()
	return 0
}

func spawnerWriteLocked() int {
	var mu sync.Mutex
	n := 0
	go func() {
		mu.Lock()
		n = 1
		mu.Unlock()
	}()
	mu.Lock()
	defer mu.Unlock()
	return n
}

func spawnerGoroutineRecvFirst() int {
	n := 0
	start := make(chan int)
	go func() {
		<-start
		n = 1
	}()
	m := n
	close(start)
	return m
}

func spawnerSleep() int {
	n := 0
	go func() {
		n = 1
	}()
	time.Sleep(time.Millisecond) // sleepsync's report
	return n
}

func spawnerDeferRead() (out int) {
	n := 0
	var wg sync.WaitGroup
	defer func() { out = n }()
	wg.Add(1)
	go func() {
		defer wg.Done()
		n = 1
	}()
	wg.Wait()
	return 0
}

func spawnerMap() int {
	m := map[int]int{}
	go func() {
		m[1] = 1
	}()
	return m[2] // want `map m is accessed here while the goroutine started at line 111 may still be updating it`
}

func spawnerMapAfterWait() int {
	m := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m[1] = 1
	}()
	wg.Wait()
	return m[2]
}

func spawnerCallBetween(wait func()) error {
	var err error
	go func() {
		err = work()
	}()
	wait() // a function value: may wait
	return err
}

func perIteration(xs []int) {
	for _, x := range xs {
		var err error
		go func() {
			err = work()
		}()
		if err != nil { // want `err is read here while the goroutine`
			println(x)
		}
	}
}

func perIterationNextOnly(xs []int) {
	for range xs {
		var err error
		if err != nil { // a fresh err each iteration: the previous goroutine's is another variable
			return
		}
		go func() {
			err = work()
		}()
	}
}

// --- B: goroutines of one loop ---

func loopCount(n int) int {
	count := 0
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count++ // want `count is written by every goroutine started in this loop without synchronization: data race; use a mutex or sync/atomic`
		}()
	}
	wg.Wait()
	return count
}

func loopCountLocked(n int) int {
	count := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			count++
		}()
	}
	wg.Wait()
	return count
}

func loopCountAtomic(n int) int64 {
	var count atomic.Int64
	var c2 int64
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count.Add(1)
			atomic.AddInt64(&c2, 1)
		}()
	}
	wg.Wait()
	return count.Load() + c2
}

func loopDeclaredInside(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		var res int
		wg.Add(1)
		go func() {
			defer wg.Done()
			res = i
			println(res)
		}()
	}
	wg.Wait()
}

func loopLoopVar(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x++
			println(x)
		}()
	}
	wg.Wait()
}

// Each goroutine receives a job before appending, but a receive orders
// nothing among the receivers: two goroutines that both got a job append
// at the same time (issue 13: a receive before a write is no fence).
func loopRecvFirst(jobs chan int, n int) []int {
	var out []int
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j := <-jobs
			out = append(out, j) // want `out is written by every goroutine started in this loop`
		}()
	}
	wg.Wait()
	return out
}

func loopAppend(n int) []int {
	var out []int
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out = append(out, i) // want `out is written by every goroutine started in this loop`
		}()
	}
	wg.Wait()
	return out
}

func loopMap(keys []string) map[string]int {
	m := make(map[string]int)
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m[k] = len(k) // want `map m is updated by every goroutine started in this loop without synchronization: concurrent map writes crash the program`
		}()
	}
	wg.Wait()
	return m
}

func loopIndex(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = i // distinct elements
		}()
	}
	wg.Wait()
	return out
}

func loopWaitEach(n int) int {
	count := 0
	for i := 0; i < n; i++ {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			count++
		}()
		wg.Wait() // one goroutine at a time
	}
	return count
}

func loopWGGo(n int) int {
	count := 0
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			count += i // want `count is written by every goroutine started in this loop`
		})
	}
	wg.Wait()
	return count
}

func loopWGGoLocked(n int) int {
	count := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			mu.Lock()
			count += i
			mu.Unlock()
		})
	}
	wg.Wait()
	return count
}

func loopOnce(n int) int {
	v := 0
	var once sync.Once
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			once.Do(func() { v = i })
		})
	}
	wg.Wait()
	return v
}

type stats struct {
	hits, misses int
}

func loopField(n int) stats {
	var st stats
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st.hits++ // want `st.hits is written by every goroutine started in this loop`
		}()
	}
	wg.Wait()
	return st
}

func spawnerField() int {
	var st stats
	go func() {
		st.hits = 1
	}()
	m := st.misses     // another field
	return st.hits + m // want `st.hits is read here while the goroutine`
}

func loopClosureArgs(xs []int) int {
	total := 0
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func(y int) {
			defer wg.Done()
			total += y // want `total is written by every goroutine started in this loop`
		}(x)
	}
	wg.Wait()
	return total
}

func loopSemaphoreOne(xs []int) int {
	total := 0
	sem := make(chan struct{}, 1)
	var wg sync.WaitGroup
	for _, x := range xs {
		sem <- struct{}{} // the spawner waits for a free slot
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			total += x
		}()
	}
	wg.Wait()
	return total
}

func nestedSpawner(xs []int) func() int {
	total := 0
	return func() int {
		var wg sync.WaitGroup
		for _, x := range xs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				total += x // want `total is written by every goroutine started in this loop`
			}()
		}
		wg.Wait()
		return total
	}
}
