// Package summ has exported functions that take channels; chanmodel
// summarizes what each does with them.
package summ

import "sync"

var global chan int

type Pool struct {
	mu   sync.Mutex
	jobs chan int
}

func Produce(ch chan<- int) { // want Produce:`chanparams\(0:send,blocks=send\)`
	ch <- 1
}

func Consume(ch <-chan int) { // want Consume:`chanparams\(0:range,blocks=range\)`
	for range ch {
	}
}

func Poll(ch <-chan int) bool { // want Poll:`chanparams\(0:receive\)`
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func Close(ch chan int) { // want Close:`chanparams\(0:close\)`
	close(ch)
}

func Len(ch chan int) int { return len(ch) } // want Len:`chanparams\(0:none\)`

func Keep(ch chan int) { global = ch } // want Keep:`chanparams\(0:escapes\)`

func Spawn(ch chan int) { // want Spawn:`chanparams\(0:go=send\)`
	go func() { ch <- 1 }()
}

func Later(ch chan int) { // want Later:`chanparams\(0:close\)`
	defer func() { close(ch) }()
}

func Helper(in <-chan int, out chan<- int) { // want Helper:`chanparams\(0:receive,blocks=receive 1:send,blocks=send\)`
	out <- relay(in)
}

func relay(in <-chan int) int { return <-in }

func Leak(ch chan int) chan int { return ch } // want Leak:`chanparams\(0:escapes\)`

func Iface(ch chan int) { var x any = ch; _ = x } // want Iface:`chanparams\(0:escapes\)`

func (p *Pool) Store(ch chan int) { p.jobs = ch } // want Store:`chanparams\(1:escapes\)`

func (p *Pool) Feed(ch chan int) { ch <- len(p.jobs) } // want Feed:`chanparams\(1:send,blocks=send\)`

func unexported(ch chan int) { ch <- 1 }

func NoChans(n int) int { return n }
