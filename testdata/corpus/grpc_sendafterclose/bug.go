// Package grpc_sendafterclose models a gRPC-Go panic ("send on closed
// channel"): a stream's finish path closes the receive buffer's channel and
// then pushes the final status onto it.
package grpc_sendafterclose

type recvMsg struct {
	data []byte
	err  error
}

type recvBuffer struct {
	c chan recvMsg
}

func newRecvBuffer() *recvBuffer {
	return &recvBuffer{c: make(chan recvMsg, 16)}
}

// finish ends the stream with err.
func (b *recvBuffer) finish(err error) {
	close(b.c)
	b.c <- recvMsg{err: err} // WANT(chanclose)
}
