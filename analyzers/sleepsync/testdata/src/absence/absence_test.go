package absence

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func block() {}

// Safe: grpc picker_wrapper_test shape. The goroutines must still be
// blocked after the sleep; a slow goroutine makes the check pass.
func TestBlockingPick(t *testing.T) {
	var finishedCount uint64
	var wg sync.WaitGroup
	wg.Add(3)
	for i := 3; i > 0; i-- {
		go func() {
			block()
			atomic.AddUint64(&finishedCount, 1)
			wg.Done()
		}()
	}
	time.Sleep(50 * time.Millisecond)
	if c := atomic.LoadUint64(&finishedCount); c != 0 {
		t.Errorf("finished goroutines count: %v, want 0", c)
	}
	wg.Wait()
}

// Safe: nats consumer_test shape, an atomic type reset with a constant
// Store before the goroutine is started again; the failure message reads
// the counter again.
func TestMinPending(t *testing.T) {
	count := atomic.Uint32{}
	done := make(chan struct{}, 1)
	handler := func() {
		count.Add(1)
		done <- struct{}{}
	}
	go handler()
	time.Sleep(100 * time.Millisecond)
	if count.Load() != 0 {
		t.Fatalf("Expected 0 messages, got %d", count.Load())
	}
	<-done

	count.Store(0)
	go handler()
	time.Sleep(100 * time.Millisecond)
	if count.Load() != 0 {
		t.Fatalf("Expected 0 messages, got %d", count.Load())
	}
	<-done
}

// Safe: go-redis autopipeline shape, upper bounds on an atomic counter,
// the value also printed with t.Logf.
func TestBackpressure(t *testing.T) {
	const N, window = 500, 32
	var accepted atomic.Int64
	submittedAll := make(chan struct{})
	go func() {
		for i := 0; i < N; i++ {
			block()
			accepted.Add(1)
		}
		close(submittedAll)
	}()
	time.Sleep(10 * time.Millisecond)
	acc := accepted.Load()
	if acc >= N {
		t.Fatalf("no backpressure: accepted %d of %d", acc, N)
	}
	if N <= acc {
		t.Fatal("mirrored comparison")
	}
	if acc > 4*window {
		t.Fatalf("outstanding %d exceeds the bound", acc)
	}
	t.Logf("accepted=%d/%d", acc, N)
	<-submittedAll
}

// Safe: a bool flag that must still be false, read with the lock held.
func TestNotYetLocked(t *testing.T) {
	var mu sync.Mutex
	done := false
	go func() {
		block()
		mu.Lock()
		done = true
		mu.Unlock()
	}()
	time.Sleep(10 * time.Millisecond)
	mu.Lock()
	d := done
	mu.Unlock()
	if d {
		t.Fatal("finished too early")
	}
}

// go-redis pool_hook_state_test shape: the first read is an absence check,
// the second needs the goroutine to have made progress; the report cites
// the second.
func TestAbsenceThenProgress(t *testing.T) {
	var succeeded atomic.Bool
	var attempts atomic.Int32
	go func() {
		for i := 0; i < 10; i++ {
			attempts.Add(1)
			time.Sleep(10 * time.Millisecond)
		}
		succeeded.Store(true)
	}()
	time.Sleep(50 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: attempts, written by the goroutine started at line 111, is read at line 122 without waiting for it \(only the sleep lets it finish\)`
	if succeeded.Load() {
		t.Error("succeeded too early")
	}
	n := attempts.Load()
	if n < 2 {
		t.Errorf("expected several attempts, got %d", n)
	}
	// A later failure after the if is not the failure branch of "n < 2".
	if !release() {
		t.Fatal("failed to release")
	}
}

func release() bool { return true }

// The positive form: the sleep is meant to let three things happen.
func TestCountPositive(t *testing.T) {
	var count atomic.Uint32
	go func() {
		for i := 0; i < 3; i++ {
			count.Add(1)
		}
	}()
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	if count.Load() != 3 {
		t.Fatalf("got %d", count.Load())
	}
}

// A plain (unlocked, non-atomic) read compared with its initial value is
// still a data race: reported (docker_sleepcapture shape).
func TestPlainAbsence(t *testing.T) {
	var err error
	go func() {
		err = attach()
	}()
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: err`
	if err != nil {
		t.Fatal(err)
	}
}

// The expected value is not the one held before the goroutine ran: the
// goroutine must have reset it.
func TestResetExpected(t *testing.T) {
	var n atomic.Int32
	n.Store(7)
	go func() { n.Store(0) }()
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: n`
	if n.Load() != 0 {
		t.Fatal("not reset")
	}
}

// The initial value is unknown: a parameter's field.
type counter struct{ n atomic.Int64 }

func checkIdle(t *testing.T, c *counter) {
	go func() { c.n.Add(1) }()
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	if c.n.Load() != 0 {
		t.Fatal("busy")
	}
}

// The "changed" branch does not fail: the check is not an assertion.
func TestChangedNoFailure(t *testing.T) {
	var n atomic.Int32
	go func() { n.Add(1) }()
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: n`
	if n.Load() != 0 {
		t.Log("changed")
	} else {
		t.Fatal("the goroutine did not run")
	}
}

// The value is used beyond the check.
func TestUsedValue(t *testing.T) {
	var n atomic.Int32
	go func() { n.Add(1) }()
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: n`
	v := n.Load()
	if v > 5 {
		t.Fatal("too many")
	}
	use(int(v))
}

func attach() error { return nil }
func use(int)       {}
