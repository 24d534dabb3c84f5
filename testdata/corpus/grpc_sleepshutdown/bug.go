// Package grpc_sleepshutdown models a gRPC-style graceful-stop bug outside
// tests: the server starts its connection drainers and then sleeps a fixed
// grace period before reading how many connections were drained, instead of
// waiting for the drainers.
package grpc_sleepshutdown

import (
	"sync/atomic"
	"time"
)

type conn struct{ id int }

const numDrainers = 2

type server struct {
	conns []*conn
	drain func(c *conn)
}

// gracefulStop drains every connection and returns how many finished.
func (s *server) gracefulStop() int64 {
	var drained atomic.Int64
	for d := 0; d < numDrainers; d++ {
		go func() {
			for i := d; i < len(s.conns); i += numDrainers {
				s.drain(s.conns[i])
				drained.Add(1)
			}
		}()
	}
	time.Sleep(time.Second) // WANT(sleepsync)
	return drained.Load()
}
