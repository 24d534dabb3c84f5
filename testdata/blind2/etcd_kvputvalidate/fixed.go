package kvputvalidate

import (
	"fmt"
	"sync"
)

type StoreFixed struct {
	watcher Watcher

	mu        sync.RWMutex
	rev       int64
	compacted int64
	kvs       map[string]*keyValue
}

func NewStoreFixed(w Watcher) *StoreFixed {
	return &StoreFixed{watcher: w, kvs: make(map[string]*keyValue)}
}

func (s *StoreFixed) Apply(cmd Command) (int64, error) {
	switch c := cmd.(type) {
	case PutCommand:
		return s.Put(c.Key, c.Value, c.Lease)
	case DeleteCommand:
		return s.Delete(c.Key)
	case CompactCommand:
		return c.Revision, s.Compact(c.Revision)
	default:
		return 0, fmt.Errorf("%w: %T", ErrUnknownCmd, cmd)
	}
}

func (s *StoreFixed) Put(key string, value []byte, lease int64) (int64, error) {
	if err := validateKey(key); err != nil {
		return 0, fmt.Errorf("put %q: %w", key, err)
	}
	s.mu.Lock()
	s.rev++
	kv, ok := s.kvs[key]
	if !ok {
		kv = &keyValue{createRev: s.rev}
		s.kvs[key] = kv
	}
	kv.value = append([]byte(nil), value...)
	kv.modRev = s.rev
	kv.version++
	kv.lease = lease
	rev := s.rev
	s.mu.Unlock()

	if s.watcher != nil {
		s.watcher.Notify(key, rev, false)
	}
	return rev, nil
}

func (s *StoreFixed) Delete(key string) (int64, error) {
	s.mu.Lock()
	if _, ok := s.kvs[key]; !ok {
		rev := s.rev
		s.mu.Unlock()
		return rev, nil
	}
	delete(s.kvs, key)
	s.rev++
	rev := s.rev
	s.mu.Unlock()

	if s.watcher != nil {
		s.watcher.Notify(key, rev, true)
	}
	return rev, nil
}

func (s *StoreFixed) Compact(rev int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rev <= s.compacted {
		return fmt.Errorf("kv: revision %d already compacted", rev)
	}
	s.compacted = rev
	return nil
}

func (s *StoreFixed) Get(key string) ([]byte, int64, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	kv, ok := s.kvs[key]
	if !ok {
		return nil, s.rev, false
	}
	return append([]byte(nil), kv.value...), kv.modRev, true
}
