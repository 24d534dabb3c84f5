// Package grpc_sleepshutdown models a gRPC-style graceful-stop bug outside
// tests: the server starts the connection drainers and then sleeps a fixed
// grace period before reading how many connections were drained, instead of
// waiting for the drainers.
package grpc_sleepshutdown

import (
	"sync/atomic"
	"time"
)

type conn struct{ id int }

type server struct {
	conns []*conn
	drain func(c *conn)
}

// gracefulStop drains every connection and returns how many finished.
func (s *server) gracefulStop() int64 {
	var drained atomic.Int64
	for _, c := range s.conns {
		go func() {
			s.drain(c)
			drained.Add(1)
		}()
	}
	time.Sleep(time.Second) // WANT(sleepsync)
	return drained.Load()
}
