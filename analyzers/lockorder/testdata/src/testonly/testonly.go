package testonly // want package:`lockorder:.*`

import "sync"

type Log struct{ mu sync.Mutex }

type Index struct{ mu sync.Mutex }

// Append: Log.mu, then Index.mu.
func Append(l *Log, i *Index) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i.mu.Lock()
	i.mu.Unlock()
}

type Fsm struct{ mu sync.Mutex }

type Snap struct{ mu sync.Mutex }
