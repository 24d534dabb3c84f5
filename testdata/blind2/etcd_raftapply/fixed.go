package raftapply

import (
	"context"
	"sync"
)

type RaftNodeFixed struct {
	raft RaftLog
	sm   StateMachine

	stopc chan struct{}
	donec chan struct{}

	mu           sync.Mutex
	nextID       uint64
	appliedIndex uint64
	waiters      map[uint64]chan applyResult
}

func NewRaftNodeFixed(r RaftLog, sm StateMachine) *RaftNodeFixed {
	n := &RaftNodeFixed{
		raft:    r,
		sm:      sm,
		stopc:   make(chan struct{}),
		donec:   make(chan struct{}),
		waiters: make(map[uint64]chan applyResult),
	}
	go n.applyLoop()
	return n
}

func (n *RaftNodeFixed) Propose(ctx context.Context, data []byte) (any, error) {
	n.mu.Lock()
	n.nextID++
	e := Entry{ID: n.nextID, Data: data}
	ch := make(chan applyResult, 1)
	n.waiters[e.ID] = ch
	n.mu.Unlock()

	if err := n.raft.Propose(ctx, e); err != nil {
		n.mu.Lock()
		delete(n.waiters, e.ID)
		n.mu.Unlock()
		return nil, err
	}

	select {
	case res := <-ch:
		return res.resp, res.err
	case <-n.stopc:
		return nil, ErrStopped
	}
}

func (n *RaftNodeFixed) applyLoop() {
	defer close(n.donec)
	committed := n.raft.Committed()
	for {
		select {
		case e := <-committed:
			resp, err := n.sm.Apply(e)
			n.mu.Lock()
			n.appliedIndex = e.Index
			ch := n.waiters[e.ID]
			delete(n.waiters, e.ID)
			n.mu.Unlock()
			if ch != nil {
				ch <- applyResult{resp: resp, err: err}
			}
		case <-n.stopc:
			return
		}
	}
}

func (n *RaftNodeFixed) AppliedIndex() uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.appliedIndex
}

func (n *RaftNodeFixed) Stop() {
	close(n.stopc)
	<-n.donec
}
