package fields

import (
	"errors"
	"sync"
)

type source struct{ name string }

func (s source) fetch() (string, error) {
	if s.name == "" {
		return "", errors.New("empty")
	}
	return s.name, nil
}

// ---- the closer-goroutine idiom: a goroutine waits for the workers and
// closes the results, but a worker returns early on an error without
// Done, so the closer never closes and the consumer's range never ends.

func fanIn(srcs []source) <-chan string {
	out := make(chan string, len(srcs))
	var wg sync.WaitGroup
	for _, s := range srcs {
		wg.Add(1)
		go func(s source) {
			r, err := s.fetch()
			if err != nil {
				return
			}
			out <- r
			wg.Done()
		}(s)
	}
	go func() {
		wg.Wait() // want `WaitGroup.Wait can block forever: the goroutine started at line \d+ can return at line \d+ without calling Done`
		close(out)
	}()
	return out
}

// Safe twin: defer wg.Done().

func fanInSafe(srcs []source) <-chan string {
	out := make(chan string, len(srcs))
	var wg sync.WaitGroup
	for _, s := range srcs {
		wg.Add(1)
		go func(s source) {
			defer wg.Done()
			r, err := s.fetch()
			if err != nil {
				return
			}
			out <- r
		}(s)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
