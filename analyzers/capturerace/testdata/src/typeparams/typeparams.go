package typeparams

import "sync"

func collect[T any](xs []T, f func(T) T) []T {
	var out []T
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out = append(out, f(x)) // want `out is written by every goroutine started in this loop`
		}()
	}
	wg.Wait()
	return out
}

func collectLocked[T any](xs []T, f func(T) T) []T {
	var out []T
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			y := f(x)
			mu.Lock()
			out = append(out, y)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}
