// Package cockroach9935 is the fixed twin of GoKer kernel cockroach9935, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package cockroach9935

import (
	"errors"
	"math/rand"
	"sync"
)

// Fixed: the failure path calls exitLocked, which expects the lock held,
// instead of exit, which takes it again.

type logging struct{ mu sync.Mutex }

func (l *logging) outputLogEntry() {
	l.mu.Lock()
	if err := l.createFile(); err != nil {
		l.exitLocked(err)
	}
	l.mu.Unlock()
}

func (l *logging) createFile() error {
	if rand.Intn(8)%4 > 0 {
		return errors.New("no file")
	}
	return nil
}

func (l *logging) exitLocked(err error) { _ = err }

func Run() {
	l := &logging{}
	go l.outputLogEntry()
}
