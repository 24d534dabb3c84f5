package grpc_resolvercallback

// UpdateStateFixed records the state under the wrapper's lock and reports
// it to the ClientConn after unlocking.
func (ccr *ccResolverWrapper) UpdateStateFixed(s State) error {
	ccr.mu.Lock()
	if ccr.closed {
		ccr.mu.Unlock()
		return nil
	}
	ccr.curState = s
	cc := ccr.cc
	ccr.mu.Unlock()
	return cc.updateResolverState(s, nil)
}
