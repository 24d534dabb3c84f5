package fanin

import (
	"context"
	"sync"
)

func mergeFixed[T any](ctx context.Context, sources ...<-chan T) <-chan T {
	out := make(chan T)
	var wg sync.WaitGroup
	wg.Add(len(sources))
	for _, src := range sources {
		go forwardFixed(ctx, src, out, &wg)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func forwardFixed[T any](ctx context.Context, src <-chan T, out chan<- T, wg *sync.WaitGroup) {
	defer wg.Done()
	for v := range src {
		select {
		case out <- v:
		case <-ctx.Done():
			return
		}
	}
}

type ReplayerFixed struct {
	partitions []PartitionReader
	applier    Applier
}

func NewReplayerFixed(app Applier, parts ...PartitionReader) *ReplayerFixed {
	return &ReplayerFixed{partitions: parts, applier: app}
}

func (r *ReplayerFixed) Replay(ctx context.Context) (applied int, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sources := make([]<-chan StreamMsg, 0, len(r.partitions))
	for _, p := range r.partitions {
		sources = append(sources, p.Messages(ctx))
	}
	for m := range mergeFixed(ctx, sources...) {
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
