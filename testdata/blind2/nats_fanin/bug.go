// Package fanin models a stream replay that merges messages from several
// subject partitions into one output channel, with one forwarding goroutine
// per source. The consumer stops reading as soon as it sees the end-of-replay
// sentinel, so every forwarder that still has messages blocks forever on its
// send to the merged channel.
package fanin

import (
	"context"
	"sync"
)

type StreamMsg struct {
	Subject  string
	Sequence uint64
	Data     []byte
	EOF      bool
}

// PartitionReader's channel is closed once the partition is exhausted or ctx
// is done.
type PartitionReader interface {
	Messages(ctx context.Context) <-chan StreamMsg
}

type Applier interface {
	Apply(m StreamMsg) error
}

func merge[T any](sources ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	wg.Add(len(sources))
	for _, src := range sources {
		go forward(src, out, &wg)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func forward[T any](src <-chan T, out chan<- T, wg *sync.WaitGroup) {
	defer wg.Done()
	for v := range src {
		out <- v // WANT(goroutineleak)
	}
}

type Replayer struct {
	partitions []PartitionReader
	applier    Applier
}

func NewReplayer(app Applier, parts ...PartitionReader) *Replayer {
	return &Replayer{partitions: parts, applier: app}
}

func (r *Replayer) Replay(ctx context.Context) (applied int, err error) {
	sources := make([]<-chan StreamMsg, 0, len(r.partitions))
	for _, p := range r.partitions {
		sources = append(sources, p.Messages(ctx))
	}
	for m := range merge(sources...) {
		if m.EOF {
			return applied, nil
		}
		if err := r.applier.Apply(m); err != nil {
			return applied, err
		}
		applied++
	}
	return applied, nil
}
