package typeparams

import "sync"

type Queue[T any] struct {
	mu    sync.Mutex
	items []T
	out   chan T
}

func (q *Queue[T]) Push(v T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
	q.out <- v // want `send on q.out can block forever while holding q.mu`
}

func (q *Queue[T]) PushFixed(v T) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.out <- v
}

func (q *Queue[T]) drain(f func(T, int)) {
	for {
		q.mu.Lock()
		n := len(q.items)
		q.mu.Unlock()
		f(<-q.out, n)
	}
}
