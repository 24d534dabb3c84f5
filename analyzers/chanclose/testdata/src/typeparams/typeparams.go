package typeparams

func drain[T any](ch chan T) {
	close(ch)
	close(ch) // want `close of closed channel`
}

func drainOK[T any](ch chan T) []T {
	close(ch)
	var out []T
	for v := range ch {
		out = append(out, v)
	}
	return out
}

type Box[T any] struct{ c chan T }

func (b *Box[T]) put(v T) {
	close(b.c)
	b.c <- v // want `send on closed channel`
}

func (b *Box[T]) putOK(v T) {
	b.c <- v
	close(b.c)
}

func generic[C ~chan int](c C) {
	close(c)
	close(c) // want `close of closed channel`
}
