// Package queue consumes messages from a queue.
package queue

import (
	"context"
	"sync"
	"time"
)

type Message struct{ Body []byte }

type Consumer struct {
	msgs    chan Message
	workers int
	wg      sync.WaitGroup
}

func (c *Consumer) handle(m Message) {}

// BAD: one goroutine per message.
func (c *Consumer) Run() {
	for m := range c.msgs {
		go c.handle(m) // want `goroutine started for every value received from c.msgs with no bound`
	}
}

// SAFE twin: a fixed pool of workers ranging over the channel.
func (c *Consumer) RunPool() {
	for i := 0; i < c.workers; i++ {
		go func() {
			for m := range c.msgs {
				c.handle(m)
			}
		}()
	}
}

// BAD: an endless select loop receiving messages.
func (c *Consumer) Loop(ctx context.Context, in <-chan Message) {
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-in:
			go c.handle(m) // want `goroutine started for every value received from in with no bound`
		}
	}
}

// SAFE twin: the select acquires a slot before starting the goroutine.
func (c *Consumer) LoopSem(ctx context.Context, in <-chan Message, sem chan struct{}) {
	for {
		m, ok := <-in
		if !ok {
			return
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		go func() {
			defer func() { <-sem }()
			c.handle(m)
		}()
	}
}

// BAD: sync.WaitGroup.Go per message.
func (c *Consumer) RunWG(in <-chan Message) {
	for m := range in {
		c.wg.Go(func() { c.handle(m) }) // want `goroutine started for every value received from in`
	}
	c.wg.Wait()
}

// SAFE: a ticker-paced loop reads no work.
func (c *Consumer) Flush(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			go c.handle(Message{})
		}
	}
}

// Subscription is a message queue client.
type Subscription interface {
	Receive(ctx context.Context) (Message, error)
}

// BAD: an endless loop over a fallible read, one goroutine per message.
func (c *Consumer) Subscribe(ctx context.Context, sub Subscription) error {
	for {
		m, err := sub.Receive(ctx)
		if err != nil {
			return err
		}
		go c.handle(m) // want `goroutine started for every result of sub.Receive in an endless loop with no bound`
	}
}

// SAFE twin: a semaphore at the top of the goroutine.
func (c *Consumer) SubscribeLimited(ctx context.Context, sub Subscription, sem chan struct{}) error {
	for {
		m, err := sub.Receive(ctx)
		if err != nil {
			return err
		}
		go func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			c.handle(m)
		}()
	}
}

// SAFE: the goroutine does not use what was read (a retry loop's
// watchdog).
func (c *Consumer) Retry(ctx context.Context, sub Subscription) {
	for {
		_, err := sub.Receive(ctx)
		if err == nil {
			return
		}
		go c.handle(Message{})
	}
}
