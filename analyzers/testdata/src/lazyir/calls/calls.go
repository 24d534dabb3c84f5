// Package calls makes, in several shapes, every call that the IR-based
// staticcheck checks look for.
package calls

import (
	"os"
	"os/signal"
	"sync"
	"testing"
	"time"

	"lazyir/embed"
)

func deferLock(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Lock() // SA2003
}

func deferRLock(mu *sync.RWMutex) {
	mu.RLock()
	defer mu.RLock() // SA2003
}

func deferLockPromoted(g *embed.Guarded) {
	g.Lock()
	defer g.Lock() // SA2003 through an embedded field of a type of another package
}

func deferLockMethodExpr(mu *sync.Mutex) {
	lock := (*sync.Mutex).Lock
	lock(mu)
	defer lock(mu) // SA2003 if the IR sees through the variable
}

func deferUnlock(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock() // fine
}

func fatalInGoroutine(t *testing.T) {
	go func() {
		t.Fatal("no") // SA2002
	}()
}

func fatalInGoroutineEmbedded(t embed.T) {
	go func() {
		t.Fatalf("no %d", 1) // SA2002 through an embedded *testing.T
	}()
}

func tick() {
	for range time.Tick(time.Second) { // SA1015 (before go1.23 only)
		return
	}
}

func notify() {
	c := make(chan os.Signal)
	signal.Notify(c, os.Interrupt) // SA1017
	<-c
}

func notifyValue() {
	c := make(chan os.Signal)
	n := signal.Notify
	n(c, os.Interrupt) // SA1017 if the IR sees through the variable
	<-c
}

type harness struct{ t *testing.T }

func (h *harness) serve() {
	h.t.Fatal("no") // SA2002: the goroutine is this method
}

func serveGeneric[T any](t *testing.T, v T) {
	t.Skipf("no %v", v) // SA2002: the goroutine is this generic function
}

func fatalInMethodGoroutine(t *testing.T) {
	h := &harness{t}
	go h.serve()
}

func fatalInGenericGoroutine(t *testing.T) {
	go serveGeneric[int](t, 1)
	go serveGeneric(t, "inferred")
}

func fatalInLocalClosure(t *testing.T) {
	f := func() { t.FailNow() } // SA2002 if the IR sees through the variable
	go f()
}

func deferLockPromotedMethodExpr(g *embed.Guarded) {
	lock := (*embed.Guarded).Lock
	g.Lock()
	defer lock(g) // SA2003 if the IR sees the promoted method through the variable
}

func deferLockFromMap(mu *sync.Mutex, locks map[string]func(*sync.Mutex)) {
	mu.Lock()
	defer locks["lock"](mu) // not a static call: SA2003 cannot report, the gate cannot tell
}
