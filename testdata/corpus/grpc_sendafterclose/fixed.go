package grpc_sendafterclose

// finishFixed delivers the status before closing.
func (b *recvBuffer) finishFixed(err error) {
	b.c <- recvMsg{err: err}
	close(b.c)
}
