// Package grpc_resolvercallback models a gRPC-style resolver wrapper that
// reports a new resolver state to its ClientConn through an interface
// while holding the wrapper's lock; the ClientConn takes its own lock in
// the update, and holds that lock while it closes the wrapper, which takes
// the wrapper's lock: ABBA through an observer interface.
package grpc_resolvercallback

import "sync"

type State struct {
	Addresses []string
}

type resolverStateUpdater interface {
	updateResolverState(s State, err error) error
}

type ccResolverWrapper struct {
	mu       sync.Mutex
	cc       resolverStateUpdater
	closed   bool
	curState State
}

func newCCResolverWrapper(cc resolverStateUpdater) *ccResolverWrapper {
	return &ccResolverWrapper{cc: cc}
}

// UpdateState is called by the resolver's goroutine.
func (ccr *ccResolverWrapper) UpdateState(s State) error {
	ccr.mu.Lock()
	defer ccr.mu.Unlock()
	if ccr.closed {
		return nil
	}
	ccr.curState = s
	return ccr.cc.updateResolverState(s, nil)
}

func (ccr *ccResolverWrapper) close() {
	ccr.mu.Lock() // WANT(lockorder)
	ccr.closed = true
	ccr.mu.Unlock()
}

type ClientConn struct {
	mu              sync.Mutex
	resolverWrapper *ccResolverWrapper
	state           State
}

func Dial() *ClientConn {
	cc := &ClientConn{}
	cc.resolverWrapper = newCCResolverWrapper(cc)
	return cc
}

func (cc *ClientConn) updateResolverState(s State, err error) error {
	cc.mu.Lock() // WANT(lockorder)
	defer cc.mu.Unlock()
	cc.state = s
	return err
}

func (cc *ClientConn) Close() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.resolverWrapper.close() // WANT(lockorder)
}
