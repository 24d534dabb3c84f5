// Package typeparams fans out over generic collections.
package typeparams

import "sync"

// BAD: a generic fan-out over a parameter.
func ForEach[T any](items []T, f func(T)) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() { defer wg.Done(); f(it) }() // want `goroutine started for every element of items \(a parameter\)`
	}
	wg.Wait()
}

// SAFE twin: a semaphore sized by the caller.
func ForEachN[T any](items []T, n int, f func(T)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, n)
	for _, it := range items {
		sem <- struct{}{}
		wg.Add(1)
		go func() { defer func() { <-sem; wg.Done() }(); f(it) }()
	}
	wg.Wait()
}

// BAD: a type parameter constrained to slices.
func Each[S ~[]E, E any](s S, f func(E)) {
	for _, e := range s {
		go f(e) // want `goroutine started for every element of s \(a parameter\)`
	}
}

// BAD: a generic queue's channel field.
type Queue[T any] struct{ in chan T }

func (q *Queue[T]) Drain(f func(T)) {
	for v := range q.in {
		go f(v) // want `goroutine started for every value received from q.in`
	}
}

// SAFE: a generic fixed-size array.
func Fixed[T any](xs [4]T, f func(T)) {
	for _, x := range xs {
		go f(x)
	}
}

// SAFE twin of Each: the goroutine acquires a slot in a generic helper.
type pool[T any] struct{ slots chan struct{} }

func (p *pool[T]) run(f func(T), v T) {
	p.slots <- struct{}{}
	defer func() { <-p.slots }()
	f(v)
}

func EachPooled[S ~[]E, E any](p *pool[E], s S, f func(E)) {
	for _, e := range s {
		go p.run(f, e)
	}
}

// SAFE twin of Drain: a semaphore sized by the queue.
func (q *Queue[T]) DrainSem(f func(T), sem chan struct{}) {
	for v := range q.in {
		sem <- struct{}{}
		go func() { defer func() { <-sem }(); f(v) }()
	}
}
