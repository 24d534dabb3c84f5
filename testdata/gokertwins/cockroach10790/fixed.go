// Package cockroach10790 is the fixed twin of GoKer kernel cockroach10790, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach10790

import "context"

// Fixed: both sides of every channel leave on the context's cancellation,
// so neither waits for a partner that has gone.

type replica struct{ chans []chan bool }

func (r *replica) beginCmds(ctx context.Context) {
	for _, ch := range r.chans {
		select {
		case <-ch:
		case <-ctx.Done():
			return
		}
	}
}

func (r *replica) sendChans(ctx context.Context) {
	for _, ch := range r.chans {
		select {
		case ch <- true:
		case <-ctx.Done():
			return
		}
	}
}

func Run() {
	r := &replica{chans: []chan bool{make(chan bool), make(chan bool)}}
	ctx, cancel := context.WithCancel(context.Background())
	go r.sendChans(ctx)
	go r.beginCmds(ctx)
	go cancel()
}
