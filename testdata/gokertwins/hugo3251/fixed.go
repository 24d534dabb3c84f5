// Package hugo3251 is the fixed twin of GoKer kernel hugo3251, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package hugo3251

import "sync"

// Fixed: URLLock releases the map's write lock before it takes the URL's
// lock, so it never holds one while waiting for the other.

type remoteLock struct {
	sync.RWMutex
	m map[string]*sync.Mutex
}

func (l *remoteLock) urlLock(url string) {
	l.Lock()
	m, ok := l.m[url]
	if !ok {
		m = &sync.Mutex{}
		l.m[url] = m
	}
	l.Unlock()
	m.Lock()
}

func (l *remoteLock) urlUnlock(url string) {
	l.RLock()
	m, ok := l.m[url]
	l.RUnlock()
	if ok {
		m.Unlock()
	}
}

func Run() {
	const url = "http://example.com"
	l := &remoteLock{m: map[string]*sync.Mutex{}}
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 2; j++ {
				l.urlLock(url)
				l.urlUnlock(url)
			}
		}()
	}
	wg.Wait()
}
