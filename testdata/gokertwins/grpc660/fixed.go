// Package grpc660 is the fixed twin of GoKer kernel grpc660, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package grpc660

import "math/rand"

// Fixed: the result channel has room for the one result, so the worker
// never waits for a loop that has left.

type client struct{ stop chan bool }

func (c *client) closeLoop() {
	for {
		done := make(chan bool, 1)
		go func() {
			done <- rand.Intn(10) <= 7
		}()
		select {
		case <-c.stop:
			return
		case <-done:
		}
	}
}

func Run() {
	c := &client{stop: make(chan bool)}
	go c.closeLoop()
	go func() { c.stop <- true }()
}
