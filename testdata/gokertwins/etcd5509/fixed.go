// Package etcd5509 is the fixed twin of GoKer kernel etcd5509, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package etcd5509

import (
	"context"
	"errors"
	"sync"
)

// Fixed: acquire releases the client's read lock on its failure path too.

var errClosed = errors.New("closed")

type client struct {
	mu     sync.RWMutex
	cancel context.CancelFunc
}

func (c *client) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel == nil {
		return
	}
	c.cancel()
	c.cancel = nil
}

func (c *client) acquire() error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.cancel == nil {
		return errClosed
	}
	return nil
}

func Run() {
	_, cancel := context.WithCancel(context.Background())
	cli := &client{cancel: cancel}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = cli.acquire()
	}()
	cli.Close()
	<-done
}
