package basic

import (
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// A captured variable written by the goroutine, read after a sleep.
func TestCaptured(t *testing.T) {
	var got int
	go func() {
		got = compute()
	}()
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: got, written by the goroutine started at line \d+, is read at line \d+ without waiting for it \(only the sleep lets it finish\)`
	if got != 42 {
		t.Fatalf("got %d", got)
	}
}

// Safe twin: a channel receive orders the read.
func TestCapturedChan(t *testing.T) {
	var got int
	done := make(chan struct{})
	go func() {
		got = compute()
		close(done)
	}()
	<-done
	if got != 42 {
		t.Fatalf("got %d", got)
	}
}

// Safe twin: wg.Wait follows the sleep, before the read.
func TestSleepThenWait(t *testing.T) {
	var got int
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		got = compute()
	}()
	time.Sleep(10 * time.Millisecond)
	wg.Wait()
	if got != 42 {
		t.Fatalf("got %d", got)
	}
}

// Appending to a shared slice from several goroutines.
func TestSlice(t *testing.T) {
	var mu sync.Mutex
	var results []int
	for i := 0; i < 3; i++ {
		go func() {
			mu.Lock()
			results = append(results, i)
			mu.Unlock()
		}()
	}
	time.Sleep(time.Second) // want `time.Sleep used to wait for a goroutine: results`
	mu.Lock()
	n := len(results)
	mu.Unlock()
	if n != 3 {
		t.Fatal(n)
	}
}

// Map filled by a goroutine.
func TestMap(t *testing.T) {
	m := map[string]int{}
	go func() {
		m["a"] = 1
	}()
	time.Sleep(time.Second) // want `time.Sleep used to wait for a goroutine: m`
	if m["a"] != 1 {
		t.Fatal("missing")
	}
}

// Safe twin: a polling loop that re-checks a condition with a deadline.
func TestPoll(t *testing.T) {
	var mu sync.Mutex
	ready := false
	go func() {
		mu.Lock()
		ready = true
		mu.Unlock()
	}()
	deadline := time.Now().Add(time.Second)
	for {
		mu.Lock()
		r := ready
		mu.Unlock()
		if r || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
}

// Safe twin: the sleep simulates work inside the goroutine.
func TestWorkInGoroutine(t *testing.T) {
	res := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond)
		res <- 1
	}()
	if <-res != 1 {
		t.Fatal()
	}
}

// Safe twin: nothing the goroutine writes is read after the sleep.
func TestNoRead(t *testing.T) {
	var hits int
	go func() {
		hits++
	}()
	time.Sleep(10 * time.Millisecond)
	t.Log("done")
}

// A server started with go srv.run(): run sets the address; the test reads
// it after a sleep.
type server struct {
	addr  string
	count int
}

func (s *server) run() {
	s.addr = "127.0.0.1:8080"
	for {
		s.count++
	}
}

func TestServer(t *testing.T) {
	srv := &server{}
	go srv.run()
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: srv.addr`
	if srv.addr == "" {
		t.Fatal("not started")
	}
}

// Safe twin: the test depends on the server only through an opaque call.
func TestServerOpaque(t *testing.T) {
	srv := &server{}
	go srv.run()
	time.Sleep(100 * time.Millisecond)
	get(t, "http://127.0.0.1:8080/")
}

// Safe twin: reading a field the goroutine does not write.
type job struct {
	name string
	out  []int
}

func (j *job) work() { j.out = append(j.out, 1) }

func TestOtherField(t *testing.T) {
	j := &job{name: "x"}
	go j.work()
	time.Sleep(10 * time.Millisecond)
	t.Log(j.name)
}

// Safe twin: the check uses an atomic through a pointer (a deliberate
// "has not happened yet" probe).
func TestAtomicProbe(t *testing.T) {
	var n int32
	go func() {
		n = 1
	}()
	time.Sleep(10 * time.Millisecond)
	probe(&n)
}

// Safe twin: an errgroup-free WaitGroup.Go with a Wait after the sleep.
func TestWGGo(t *testing.T) {
	var wg sync.WaitGroup
	var got int
	wg.Go(func() { got = 1 })
	time.Sleep(time.Millisecond)
	wg.Wait()
	_ = got
}

// WaitGroup.Go without Wait.
func TestWGGoNoWait(t *testing.T) {
	var wg sync.WaitGroup
	var got int
	wg.Go(func() { got = 1 })
	time.Sleep(time.Millisecond) // want `time.Sleep used to wait for a goroutine: got`
	if got != 1 {
		t.Fatal()
	}
}

// Safe twin: a package helper that waits for a channel is called between
// the sleep and the read.
func TestHelperWaits(t *testing.T) {
	var got int
	done := make(chan bool)
	go func() {
		got = 1
		done <- true
	}()
	time.Sleep(time.Millisecond)
	waitFor(done)
	_ = got
}

func waitFor(c chan bool) { <-c }

func compute() int                 { return 42 }
func get(t *testing.T, url string) {}
func probe(p *int32)               {}

// Safe twin: in a synctest bubble time is fake, and synctest.Wait orders
// the read.
func TestBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got int
		go func() {
			time.Sleep(time.Second)
			got = 1
		}()
		time.Sleep(2 * time.Second)
		if got != 1 {
			t.Fatal()
		}
	})
}

// Safe twin: synctest.Wait between the sleep and the read.
func TestSynctestWait(t *testing.T) {
	var got int
	go func() { got = 1 }()
	time.Sleep(time.Millisecond)
	synctest.Wait()
	_ = got
}

// An atomic counter the drainers bump, read after a fixed grace period.
type drainer struct{ conns []int }

func (d *drainer) gracefulStop() int64 {
	var drained atomic.Int64
	for i := 0; i < 2; i++ {
		go func() {
			for range d.conns {
				drained.Add(1)
			}
		}()
	}
	time.Sleep(time.Second) // want `time.Sleep used to wait for a goroutine: drained`
	return drained.Load()
}

// Safe twin: the drainers are waited for.
func (d *drainer) gracefulStopOK() int64 {
	var drained atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range d.conns {
				drained.Add(1)
			}
		}()
	}
	wg.Wait()
	return drained.Load()
}

// A watch stream filled through a method, read through another method.
type watchStream struct {
	mu     sync.Mutex
	events []string
}

func (w *watchStream) deliver(ev string) {
	w.mu.Lock()
	w.events = append(w.events, ev)
	w.mu.Unlock()
}

func (w *watchStream) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.events)
}

func (w *watchStream) name() string { return "watch" }

func TestWatchDelivers(t *testing.T) {
	w := &watchStream{}
	go func() {
		w.deliver("PUT foo")
	}()
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: w.events`
	if n := w.count(); n != 1 {
		t.Fatalf("got %d events", n)
	}
}

// Safe twin: the method called after the sleep reads nothing the
// goroutine writes.
func TestWatchName(t *testing.T) {
	w := &watchStream{}
	go func() {
		w.deliver("PUT foo")
	}()
	time.Sleep(100 * time.Millisecond)
	t.Log(w.name())
}

// An informer whose handler (a callback field) appends to a captured
// slice; the test feeds an event and sleeps instead of waiting.
type informer struct {
	events  chan string
	handler func(string)
}

func (inf *informer) run() {
	for ev := range inf.events {
		inf.handler(ev)
	}
}

func TestInformerHandlesAdd(t *testing.T) {
	var seen []string
	inf := &informer{events: make(chan string, 1), handler: func(s string) { seen = append(seen, s) }}
	go inf.run()
	inf.events <- "ADD pod-a"
	time.Sleep(50 * time.Millisecond) // want `time.Sleep used to wait for a goroutine: seen`
	if !slices.Equal(seen, []string{"ADD pod-a"}) {
		t.Errorf("handler saw %v", seen)
	}
}

// Safe twin: the handler signals a channel the test receives from.
func TestInformerHandlesAddSynced(t *testing.T) {
	var seen []string
	handled := make(chan bool, 1)
	inf := &informer{events: make(chan string, 1), handler: func(s string) { seen = append(seen, s); handled <- true }}
	go inf.run()
	inf.events <- "ADD pod-a"
	<-handled
	if !slices.Equal(seen, []string{"ADD pod-a"}) {
		t.Errorf("handler saw %v", seen)
	}
}
