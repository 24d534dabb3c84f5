package notheld

import "sync"

// Conditional Lock, unconditional Unlock: a fatal error on the other path.
func Propose(mu *sync.Mutex, leader bool, q *[]string) {
	if leader {
		mu.Lock()
		*q = append(*q, "x")
	}
	mu.Unlock() // want `mu is unlocked here, but on some paths it was not locked`
}

func ProposeSafe(mu *sync.Mutex, leader bool, q *[]string) {
	if leader {
		mu.Lock()
		*q = append(*q, "x")
		mu.Unlock()
	}
}

// Correlated on the same condition value.
func Correlated(mu *sync.Mutex, leader bool, q *[]string) {
	if leader {
		mu.Lock()
	}
	*q = append(*q, "x")
	if leader {
		mu.Unlock()
	}
}
