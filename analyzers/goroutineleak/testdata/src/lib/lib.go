// Package lib has exported helpers that take channels. Its callers in
// other packages see what each does with them through chanmodel's
// summaries.
package lib

var kept chan int

func compute() int { return 42 }

// Produce sends one value.
func Produce(ch chan<- int) { ch <- compute() }

// Consume ranges until the channel is closed.
func Consume(ch <-chan int) {
	for range ch {
	}
}

// Drain receives one value.
func Drain(ch <-chan int) { <-ch }

// Len only looks at the channel.
func Len(ch chan int) int { return len(ch) }

// Close closes the channel.
func Close(ch chan int) { close(ch) }

// Keep stores the channel where anyone may use it.
func Keep(ch chan int) { kept = ch }

// Notify sends from a goroutine of its own.
func Notify(ch chan int) { go func() { ch <- compute() }() }
