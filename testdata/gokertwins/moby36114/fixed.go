// Package moby36114 is the fixed twin of GoKer kernel moby36114, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package moby36114

import "sync"

// Fixed: the function that runs with the lock held calls the Locked
// variant.

type serviceVM struct{ sync.Mutex }

func (svm *serviceVM) hotAddVHDsAtStart() {
	svm.Lock()
	defer svm.Unlock()
	svm.hotRemoveVHDsAtStartLocked()
}

func (svm *serviceVM) hotRemoveVHDsAtStartLocked() {}

func Run() {
	s := &serviceVM{}
	go s.hotAddVHDsAtStart()
}
