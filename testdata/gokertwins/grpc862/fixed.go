// Package grpc862 is the fixed twin of GoKer kernel grpc862, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package grpc862

import (
	"context"
	"sync"
)

// Fixed: when the dial's context is done, the half-made connection is
// closed before returning, which cancels what its goroutine waits for;
// otherwise the caller closes it.

type clientConn struct {
	ctx    context.Context
	cancel context.CancelFunc
	mu     sync.Mutex
	conns  []*addrConn
}

type addrConn struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (cc *clientConn) Close() {
	cc.cancel()
	cc.mu.Lock()
	conns := cc.conns
	cc.conns = nil
	cc.mu.Unlock()
	for _, ac := range conns {
		ac.cancel()
	}
}

func (cc *clientConn) resetAddrConn() {
	ac := &addrConn{}
	ac.ctx, ac.cancel = context.WithCancel(cc.ctx)
	cc.mu.Lock()
	cc.conns = append(cc.conns, ac)
	cc.mu.Unlock()
	<-ac.ctx.Done()
}

func dial(ctx context.Context) (conn *clientConn) {
	cc := &clientConn{}
	cc.ctx, cc.cancel = context.WithCancel(context.Background())
	defer func() {
		select {
		case <-ctx.Done():
			cc.Close()
			conn = nil
		default:
		}
	}()
	go cc.resetAddrConn()
	return cc
}

func Run() {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		if c := dial(ctx); c != nil {
			c.Close()
		}
	}()
	go cancel()
}
