// Package kvputvalidate models a replicated key-value store whose apply path
// dispatches commands through a type switch to Put. Put takes the store lock
// before validating the key and returns the validation error without
// unlocking, so the first malformed key wedges every later read and write.
package kvputvalidate

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

var (
	ErrEmptyKey    = errors.New("kv: empty key")
	ErrKeyTooLarge = errors.New("kv: key too large")
	ErrReserved    = errors.New("kv: key uses reserved prefix")
	ErrUnknownCmd  = errors.New("kv: unknown command")
)

const maxKeyBytes = 1536

type Command interface {
	isCommand()
}

type PutCommand struct {
	Key   string
	Value []byte
	Lease int64
}

type DeleteCommand struct {
	Key string
}

type CompactCommand struct {
	Revision int64
}

func (PutCommand) isCommand()     {}
func (DeleteCommand) isCommand()  {}
func (CompactCommand) isCommand() {}

type Watcher interface {
	Notify(key string, rev int64, deleted bool)
}

type keyValue struct {
	value     []byte
	createRev int64
	modRev    int64
	version   int64
	lease     int64
}

type Store struct {
	watcher Watcher

	mu        sync.RWMutex
	rev       int64
	compacted int64
	kvs       map[string]*keyValue
}

func NewStore(w Watcher) *Store {
	return &Store{watcher: w, kvs: make(map[string]*keyValue)}
}

func validateKey(key string) error {
	switch {
	case key == "":
		return ErrEmptyKey
	case len(key) > maxKeyBytes:
		return ErrKeyTooLarge
	case strings.HasPrefix(key, "\x00"):
		return ErrReserved
	}
	return nil
}

func (s *Store) Apply(cmd Command) (int64, error) {
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

func (s *Store) Put(key string, value []byte, lease int64) (int64, error) {
	s.mu.Lock() // WANT(missingunlock)
	if err := validateKey(key); err != nil {
		return 0, fmt.Errorf("put %q: %w", key, err) // WANT(missingunlock)
	}
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

func (s *Store) Delete(key string) (int64, error) {
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

func (s *Store) Compact(rev int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rev <= s.compacted {
		return fmt.Errorf("kv: revision %d already compacted", rev)
	}
	s.compacted = rev
	return nil
}

func (s *Store) Get(key string) ([]byte, int64, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	kv, ok := s.kvs[key]
	if !ok {
		return nil, s.rev, false
	}
	return append([]byte(nil), kv.value...), kv.modRev, true
}
