// Package senders holds closes that race with other goroutines' sends.
package senders

import (
	"sync"
	"sync/atomic"
)

// Each producer closes the shared results channel when it is done.
func fetchAll(urls []string) []int {
	results := make(chan int)
	for _, u := range urls {
		go func() {
			defer close(results) // want `close of a channel that other goroutines still send on: the goroutine started at line 13 runs several times, and each instance sends on and closes results`
			results <- len(u)
		}()
	}
	var out []int
	for v := range results {
		out = append(out, v)
	}
	return out
}

// Safe twin: the owner closes after wg.Wait.
func fetchAllOK(urls []string) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- len(u)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []int
	for v := range results {
		out = append(out, v)
	}
	return out
}

// Safe twin: the last producer out closes (a counter decides).
func fetchAllCounter(urls []string) []int {
	results := make(chan int)
	left := int32(len(urls))
	for _, u := range urls {
		go func() {
			results <- len(u)
			if atomic.AddInt32(&left, -1) == 0 {
				close(results)
			}
		}()
	}
	var out []int
	for v := range results {
		out = append(out, v)
	}
	return out
}

// Safe twin: one producer, which closes with defer (the single sender).
func single(items []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, it := range items {
			out <- it
		}
	}()
	return out
}

// A worker pool where a worker (a consumer) closes the jobs channel while
// the producer still sends.
func pool(items []int) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := range jobs {
			if j < 0 {
				close(jobs) // want `close of a channel by its receiver while another goroutine may still send on it: jobs is received from in this loop and sent on at line \d+`
				return
			}
		}
	}()
	for _, it := range items {
		jobs <- it
	}
	wg.Wait()
}

// Safe twin: the producer closes; the worker only stops receiving via a
// separate quit channel.
func poolOK(items []int) {
	jobs := make(chan int)
	quit := make(chan struct{})
	go func() {
		for j := range jobs {
			if j < 0 {
				close(quit)
				return
			}
		}
	}()
	defer close(jobs)
	for _, it := range items {
		select {
		case jobs <- it:
		case <-quit:
			return
		}
	}
}

// Safe twin: each goroutine gets its own channel, made in the same loop
// (the allocation site is shared, the instance is not).
func perIteration(urls []string) {
	for _, u := range urls {
		ch := make(chan int, 1)
		go func() {
			defer close(ch)
			ch <- len(u)
		}()
		<-ch
	}
}

// Safe twin: a channel per goroutine passed as an argument.
func perArgument(n int) {
	var chs []chan error
	for i := 0; i < n; i++ {
		chs = append(chs, make(chan error, 1))
		go transceive(chs[i])
	}
	for _, ch := range chs {
		for range ch {
		}
	}
}

func transceive(ch chan<- error) {
	defer close(ch)
	ch <- nil
}
