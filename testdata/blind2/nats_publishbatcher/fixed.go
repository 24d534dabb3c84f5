package publishbatcher

import (
	"sync"
)

type BatcherFixed struct {
	pub     Publisher
	max     int
	onError ErrorHandler
	in      chan *Msg
	done    chan struct{}

	mu     sync.RWMutex
	closed bool
}

func NewBatcherFixed(pub Publisher, opts Options) *BatcherFixed {
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 128
	}
	b := &BatcherFixed{
		pub:     pub,
		max:     opts.MaxBatch,
		onError: opts.OnError,
		in:      make(chan *Msg, opts.Buffer),
		done:    make(chan struct{}),
	}
	go b.loop()
	return b
}

func (b *BatcherFixed) Add(m *Msg) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return ErrBatcherClosed
	}
	b.in <- m
	return nil
}

func (b *BatcherFixed) flush(batch []*Msg) {
	if len(batch) == 0 {
		return
	}
	if err := b.pub.PublishBatch(batch); err != nil && b.onError != nil {
		b.onError(err, len(batch))
	}
}

func (b *BatcherFixed) loop() {
	defer close(b.done)
	batch := make([]*Msg, 0, b.max)
	for m := range b.in {
		batch = append(batch, m)
		if len(batch) >= b.max || len(b.in) == 0 {
			b.flush(batch)
			batch = make([]*Msg, 0, b.max)
		}
	}
	b.flush(batch)
}

func (b *BatcherFixed) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return ErrBatcherClosed
	}
	b.closed = true
	close(b.in)
	b.mu.Unlock()

	<-b.done
	return nil
}
