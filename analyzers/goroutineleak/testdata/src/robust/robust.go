// Package robust holds odd but legal code: nothing here must crash the
// analyzer, and nothing is a leak it can prove.
package robust

import (
	"context"
	"sync"
)

type T struct{ ch chan int }

// Nothing sends on t.ch or closes it: once the channel model followed
// struct fields (issue 11), this became a leak the analyzer can prove.
func (t *T) run() {
	for range t.ch { // want `goroutine can block forever on this range: nothing closes T.ch`
	}
}

// Method values, nil channels, empty selects in goroutines.
func odd(ctx context.Context, fs []func()) {
	var nilch chan int
	go func() {
		select {
		case <-nilch:
		case <-ctx.Done():
		}
	}()
	t := &T{ch: make(chan int)}
	go t.run()
	f := t.run
	go f()
	for _, f := range fs {
		go f()
	}
	go func() {
		select {
		default:
		}
	}()
}

// Recursion and channels of channels.
func rec(n int, out chan chan int) {
	if n == 0 {
		return
	}
	c := make(chan int, n)
	out <- c
	go rec(n-1, out)
}

// A generic type with a channel field.
type Pipe[E any] struct{ c chan E }

func NewPipe[E any]() *Pipe[E] { return &Pipe[E]{c: make(chan E)} }

func (p *Pipe[E]) Push(e E) {
	go func() { p.c <- e }()
}

// Goexit and Once in goroutines.
func once(o *sync.Once) {
	ch := make(chan int)
	go o.Do(func() { ch <- 1 })
	<-ch
}

// Deeply nested closures capturing the same channel.
func nested() int {
	ch := make(chan int)
	go func() {
		func() {
			func() { ch <- 1 }()
		}()
	}()
	return <-ch
}

// Labeled break out of a select loop.
func labeled(ctx context.Context, in chan int) {
	out := make(chan int, 1)
	go func() { out <- 1 }()
loop:
	for {
		select {
		case <-out:
			break loop
		case <-ctx.Done():
			<-out
			return
		}
	}
}
