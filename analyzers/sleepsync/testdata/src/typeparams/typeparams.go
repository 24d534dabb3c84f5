package typeparams

import "time"

type Cell[T any] struct{ v T }

func Fill[T any](c *Cell[T], v T) T {
	go func() { c.v = v }()
	time.Sleep(time.Millisecond) // want `time.Sleep used to wait for a goroutine: c.v`
	return c.v
}

func FillOK[T any](c *Cell[T], v T) T {
	done := make(chan struct{})
	go func() { c.v = v; close(done) }()
	<-done
	return c.v
}
