// Package etcdwatchrevision models a watchable store whose compacted revision
// is documented as guarded by the store mutex. The compaction callback, run
// on the compactor's goroutine, writes the field without taking the mutex
// while watch registration reads it under the lock.
package etcdwatchrevision

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrCompacted is returned when a watch starts below the compacted revision.
var ErrCompacted = errors.New("mvcc: required revision has been compacted")

// Event is a key change.
type Event struct {
	Key      string
	Value    []byte
	Revision int64
	Delete   bool
}

type watcher struct {
	id       int64
	key      string
	startRev int64
	ch       chan []Event
}

// Compactor compacts the backend and reports the new floor revision.
type Compactor interface {
	Compact(ctx context.Context, rev int64) error
}

// WatchableStore multiplexes key events to watchers.
type WatchableStore struct {
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

// NewWatchableStore returns a store with no watchers.
func NewWatchableStore(c Compactor, retention time.Duration) *WatchableStore {
	return &WatchableStore{watchers: make(map[int64]*watcher), compactor: c, retention: retention}
}

// Watch registers a watcher on key starting at startRev.
func (s *WatchableStore) Watch(key string, startRev int64) (int64, <-chan []Event, error) {
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
func (s *WatchableStore) Cancel(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.watchers[id]; ok {
		close(w.ch)
		delete(s.watchers, id)
	}
}

// Apply delivers a batch of events at rev.
func (s *WatchableStore) Apply(rev int64, evs []Event) {
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

func (s *WatchableStore) onCompacted(rev int64) {
	s.compactRev = rev // WANT(guardedby)
}

// RunCompactor periodically compacts old revisions.
func (s *WatchableStore) RunCompactor(ctx context.Context) {
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
func (s *WatchableStore) Start(ctx context.Context) {
	go s.RunCompactor(ctx)
}
