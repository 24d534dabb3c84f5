// Package cockroach_unlocknotheld models a CockroachDB-style bug where a
// refactoring moved the Lock into a branch but left the Unlock after it: on
// the other branch the mutex is unlocked without being held, which is a
// fatal runtime error ("sync: unlock of unlocked mutex").
package cockroach_unlocknotheld

import "sync"

type Replica struct {
	mu struct {
		sync.Mutex
		leaseholder bool
		pending     []string
	}
}

// propose queues cmd; only the leaseholder needs the lock.
func (r *Replica) propose(cmd string, leaseholder bool) {
	if leaseholder {
		r.mu.Lock()
		r.mu.pending = append(r.mu.pending, cmd)
	}
	r.mu.Unlock() // WANT(missingunlock)
}
