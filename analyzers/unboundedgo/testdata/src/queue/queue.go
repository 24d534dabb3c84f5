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

// SAFE: a dispatcher that starts a goroutine only while a worker id is
// free (the shape of cmd/compile's work queue).
func Dispatcher(workq chan func(int), nWorkers int) {
	done := make(chan int)
	ids := make([]int, nWorkers)
	for i := range ids {
		ids[i] = i
	}
	var pending []func(int)
	for {
		select {
		case work := <-workq:
			pending = append(pending, work)
		case id := <-done:
			ids = append(ids, id)
		}
		for len(pending) > 0 && len(ids) > 0 {
			work := pending[len(pending)-1]
			id := ids[len(ids)-1]
			pending = pending[:len(pending)-1]
			ids = ids[:len(ids)-1]
			go func() {
				work(id)
				done <- id
			}()
		}
	}
}

// SAFE: a counter of goroutines in flight.
func (c *Consumer) Counted(in <-chan Message, max int) {
	active := 0
	done := make(chan struct{})
	var backlog []Message
	for {
		select {
		case m := <-in:
			if active < max {
				active++
				go func() { c.handle(m); done <- struct{}{} }()
			} else {
				backlog = append(backlog, m)
			}
		case <-done:
			active--
		}
	}
}

// BAD twin of Counted: the condition tests the message, not a counter.
func (c *Consumer) Filtered(in <-chan Message) {
	for m := range in {
		if len(m.Body) > 0 {
			go c.handle(m) // want `goroutine started for every value received from in`
		}
	}
}

// BAD: a counted inner loop multiplies the goroutines per message.
func (c *Consumer) Replicate(in <-chan Message) {
	for m := range in {
		for i := 0; i < 3; i++ {
			go c.handle(m) // want `goroutine started for every value received from in`
		}
	}
}

// SAFE twin of RunWG: batches of messages, waited for in the iteration.
func (c *Consumer) RunWGBatches(in <-chan []Message) {
	for batch := range in {
		var wg sync.WaitGroup
		for _, m := range batch {
			wg.Go(func() { c.handle(m) })
		}
		wg.Wait()
	}
}

// SAFE twin of Replicate: the replicas run in the iteration.
func (c *Consumer) ReplicateInline(in <-chan Message) {
	for m := range in {
		for i := 0; i < 3; i++ {
			c.handle(m)
		}
	}
}
