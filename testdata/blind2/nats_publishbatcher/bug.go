// Package publishbatcher models a client-side publish batcher whose flush loop
// is started from the constructor and ranges over the batcher's input
// channel. Close only sets a closed flag so later Adds are rejected; it never
// closes the input channel, so the flush loop goroutine stays blocked in its
// range forever after the batcher is discarded.
package publishbatcher

import (
	"errors"
	"sync"
)

var ErrBatcherClosed = errors.New("nats: batcher closed")

type Msg struct {
	Subject string
	Reply   string
	Header  map[string][]string
	Data    []byte
}

type Publisher interface {
	PublishBatch(msgs []*Msg) error
}

type ErrorHandler func(err error, dropped int)

type Options struct {
	MaxBatch int
	Buffer   int
	OnError  ErrorHandler
}

type Batcher struct {
	pub     Publisher
	max     int
	onError ErrorHandler
	in      chan *Msg

	mu     sync.Mutex
	closed bool
}

func NewBatcher(pub Publisher, opts Options) *Batcher {
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 128
	}
	b := &Batcher{
		pub:     pub,
		max:     opts.MaxBatch,
		onError: opts.OnError,
		in:      make(chan *Msg, opts.Buffer),
	}
	go b.loop()
	return b
}

func (b *Batcher) Add(m *Msg) error {
	b.mu.Lock()
	closed := b.closed
	b.mu.Unlock()
	if closed {
		return ErrBatcherClosed
	}
	b.in <- m
	return nil
}

func (b *Batcher) flush(batch []*Msg) {
	if len(batch) == 0 {
		return
	}
	if err := b.pub.PublishBatch(batch); err != nil && b.onError != nil {
		b.onError(err, len(batch))
	}
}

func (b *Batcher) loop() {
	batch := make([]*Msg, 0, b.max)
	for m := range b.in { // WANT(goroutineleak)
		batch = append(batch, m)
		if len(batch) >= b.max || len(b.in) == 0 {
			b.flush(batch)
			batch = make([]*Msg, 0, b.max)
		}
	}
	b.flush(batch)
}

func (b *Batcher) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrBatcherClosed
	}
	b.closed = true
	return nil
}
