// Package inject: an early return with the lock held, after calls into
// injected collaborators that cannot release the lock.
package inject

import (
	"errors"
	"sync"
	"time"
)

type WAL interface {
	Append(rec []byte) (int64, error)
}

type Logger interface {
	Errorf(format string, args ...any)
}

type Hooks interface {
	// AfterCommit runs with the log locked and may release it.
	AfterCommit(l *Log, idx int64)
}

type Log struct {
	mu       sync.Mutex
	wal      WAL
	log      Logger
	hooks    Hooks
	clock    func() time.Time
	onCommit func(idx int64)
	id       string
	last     int64
	lastTime time.Time
}

var errStale = errors.New("stale record")

// Bad: the WAL, the logger, the clock and the hook field cannot name l.mu.
func (l *Log) Commit(rec []byte) error {
	l.mu.Lock()
	idx, err := l.wal.Append(rec)
	if err != nil {
		l.log.Errorf("log %s: append: %v", l.id, err)
		return err // want `l.mu is still locked at this return: it is unlocked before the return at inject.go:\d+ but not on this path`
	}
	l.last = idx
	l.lastTime = l.clock()
	l.onCommit(idx)
	l.mu.Unlock()
	return nil
}

// Safe twin.
func (l *Log) CommitSafe(rec []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	idx, err := l.wal.Append(rec)
	if err != nil {
		l.log.Errorf("log %s: append: %v", l.id, err)
		return err
	}
	l.last = idx
	l.lastTime = l.clock()
	l.onCommit(idx)
	return nil
}

// Bad: only a value loaded from the log is passed on.
func (l *Log) Check(idx int64) error {
	l.mu.Lock()
	if idx <= l.last {
		l.log.Errorf("log %s: index %d <= %d", l.id, idx, l.last)
		return errStale // want `l.mu is still locked at this return`
	}
	l.mu.Unlock()
	return nil
}

// Safe: the hook gets the log itself and may unlock it.
func (l *Log) Publish(idx int64) error {
	l.mu.Lock()
	if idx <= l.last {
		l.hooks.AfterCommit(l, idx)
		return errStale
	}
	l.mu.Unlock()
	return nil
}

// Safe (bbolt's beginRWTx): a conditional lock helper with a defer — the
// writer lock is held exactly when the transaction is returned, and the
// injected freelist cannot release it.
type Freelist interface{ ReleasePending() }

type Tx struct{ db *DB }

type DB struct {
	rwlock   sync.Mutex
	metalock sync.Mutex
	readOnly bool
	opened   bool
	rwtx     *Tx
	freelist Freelist
}

var errReadOnly = errors.New("read-only")

func (db *DB) beginRWTx() (*Tx, error) {
	if db.readOnly {
		return nil, errReadOnly
	}
	db.rwlock.Lock()
	db.metalock.Lock()
	defer db.metalock.Unlock()
	if !db.opened {
		db.rwlock.Unlock()
		return nil, errStale
	}
	t := &Tx{db: db}
	db.rwtx = t
	db.freelist.ReleasePending()
	return t, nil
}
