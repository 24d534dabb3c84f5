// Package moby17176 is the fixed twin of GoKer kernel moby17176, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package moby17176

import (
	"errors"
	"sync"
	"time"
)

// Fixed: the cleanup unlocks on its early return too.

type deviceSet struct {
	sync.Mutex
	deleted int
}

func (d *deviceSet) cleanupDeletedDevices() error {
	d.Lock()
	defer d.Unlock()
	if d.deleted == 0 {
		return nil
	}
	return errors.New("busy")
}

func Run() {
	d := &deviceSet{}
	_ = d.cleanupDeletedDevices()
	done := make(chan bool, 1)
	go func() {
		d.Lock()
		defer d.Unlock()
		done <- true
	}()
	select {
	case <-time.After(time.Millisecond):
	case <-done:
	}
}
