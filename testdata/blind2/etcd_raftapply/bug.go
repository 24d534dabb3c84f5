// Package raftapply models a raft-backed server where Propose hands an entry
// to the raft log and then waits for the apply goroutine to deliver the
// entry's result on a per-proposal channel, all while holding the node mutex.
// The apply goroutine takes the same mutex to advance the applied index before
// it sends the result, so the first committed proposal deadlocks the node.
package raftapply

import (
	"context"
	"errors"
	"sync"
)

var ErrStopped = errors.New("raft: server stopped")

type Entry struct {
	Term  uint64
	Index uint64
	ID    uint64
	Data  []byte
}

type StateMachine interface {
	Apply(e Entry) (any, error)
}

// RaftLog assigns term and index to proposed entries, replicates them and
// delivers them, in index order, on Committed once a quorum has persisted
// them.
type RaftLog interface {
	Propose(ctx context.Context, e Entry) error
	Committed() <-chan Entry
}

type applyResult struct {
	resp any
	err  error
}

type RaftNode struct {
	raft RaftLog
	sm   StateMachine

	stopc chan struct{}
	donec chan struct{}

	mu           sync.Mutex
	nextID       uint64
	appliedIndex uint64
	waiters      map[uint64]chan applyResult
}

func NewRaftNode(r RaftLog, sm StateMachine) *RaftNode {
	n := &RaftNode{
		raft:    r,
		sm:      sm,
		stopc:   make(chan struct{}),
		donec:   make(chan struct{}),
		waiters: make(map[uint64]chan applyResult),
	}
	go n.applyLoop()
	return n
}

func (n *RaftNode) Propose(ctx context.Context, data []byte) (any, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.nextID++
	e := Entry{ID: n.nextID, Data: data}
	ch := make(chan applyResult, 1)
	n.waiters[e.ID] = ch
	if err := n.raft.Propose(ctx, e); err != nil {
		delete(n.waiters, e.ID)
		return nil, err
	}

	select {
	case res := <-ch: // WANT(chanlock)
		return res.resp, res.err
	case <-n.stopc:
		return nil, ErrStopped
	}
}

func (n *RaftNode) applyLoop() {
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

func (n *RaftNode) AppliedIndex() uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.appliedIndex
}

func (n *RaftNode) Stop() {
	close(n.stopc)
	<-n.donec
}
