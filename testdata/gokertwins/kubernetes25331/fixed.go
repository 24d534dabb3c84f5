// Package kubernetes25331 is the fixed twin of GoKer kernel kubernetes25331, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package kubernetes25331

import (
	"context"
	"errors"
)

// Fixed: the watcher's result is sent unless the watch is stopped.

type watchChan struct {
	ctx     context.Context
	cancel  context.CancelFunc
	result  chan bool
	errChan chan error
}

func (wc *watchChan) stop() {
	wc.errChan <- errors.New("stopped")
	wc.cancel()
}

func (wc *watchChan) run() {
	select {
	case err := <-wc.errChan:
		select {
		case wc.result <- err != nil:
		case <-wc.ctx.Done():
		}
	case <-wc.ctx.Done():
	}
}

func Run() {
	ctx, cancel := context.WithCancel(context.Background())
	wc := &watchChan{ctx: ctx, cancel: cancel, result: make(chan bool), errChan: make(chan error)}
	go wc.run()
	go wc.stop()
}
