package calls

import (
	"sync/atomic"
	"testing"
	"time"
)

type server struct{ addr string }

func (s *server) run()         { s.addr = "127.0.0.1:80" }
func (s *server) Addr() string { return s.addr }

// With -calls, a method call on the object the goroutine set up is a read.
func TestServerAddr(t *testing.T) {
	srv := &server{}
	go srv.run()
	time.Sleep(100 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	if srv.Addr() == "" {
		t.Fatal("not started")
	}
}

// Safe twin even with -calls: the read is ordered by a channel.
func TestServerAddrSynced(t *testing.T) {
	srv := &server{}
	done := make(chan bool)
	go func() { srv.run(); done <- true }()
	<-done
	if srv.Addr() == "" {
		t.Fatal("not started")
	}
}

// Atomic probes are reads with -calls too.
func TestProbe(t *testing.T) {
	var n int32
	go func() { n = 1 }()
	time.Sleep(10 * time.Millisecond) // want `time.Sleep used to wait for a goroutine`
	if atomic.LoadInt32(&n) != 1 {
		t.Fatal()
	}
}
