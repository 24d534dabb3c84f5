package etcdwatchrevision

import (
	"context"
	"sync"
	"time"
)

// WatchableStoreFixed multiplexes key events to watchers.
type WatchableStoreFixed struct {
	mu sync.Mutex

	// currentRev is the latest revision applied.
	// guarded by mu
	currentRev int64
	// compactRev is the lowest revision still available.
	// guarded by mu
	compactRev int64
	// guarded by mu
	watchers map[int64]*watcher
	// guarded by mu
	nextID int64

	compactor Compactor
	retention time.Duration
}

// Watch registers a watcher on key starting at startRev.
func (s *WatchableStoreFixed) Watch(key string, startRev int64) (int64, <-chan []Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if startRev > 0 && startRev <= s.compactRev {
		return 0, nil, ErrCompacted
	}
	s.nextID++
	w := &watcher{id: s.nextID, key: key, startRev: startRev, ch: make(chan []Event, 128)}
	s.watchers[w.id] = w
	return w.id, w.ch, nil
}

// Cancel removes a watcher.
func (s *WatchableStoreFixed) Cancel(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.watchers[id]; ok {
		close(w.ch)
		delete(s.watchers, id)
	}
}

// Apply delivers a batch of events at rev.
func (s *WatchableStoreFixed) Apply(rev int64, evs []Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.currentRev = rev
	for _, w := range s.watchers {
		var matched []Event
		for _, ev := range evs {
			if ev.Key == w.key && ev.Revision >= w.startRev {
				matched = append(matched, ev)
			}
		}
		if len(matched) == 0 {
			continue
		}
		select {
		case w.ch <- matched:
		default:
		}
	}
}

func (s *WatchableStoreFixed) onCompacted(rev int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rev > s.compactRev {
		s.compactRev = rev
	}
}

// RunCompactor periodically compacts old revisions.
func (s *WatchableStoreFixed) RunCompactor(ctx context.Context) {
	t := time.NewTicker(s.retention)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		target := s.currentRev - 1000
		s.mu.Unlock()
		if target <= 0 {
			continue
		}
		if err := s.compactor.Compact(ctx, target); err != nil {
			continue
		}
		s.onCompacted(target)
	}
}

// Start launches the compactor.
func (s *WatchableStoreFixed) Start(ctx context.Context) {
	go s.RunCompactor(ctx)
}
