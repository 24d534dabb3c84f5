// Package etcdrafttransport models a consensus node and its peer transport
// that take each other's locks in opposite orders. The node sends append
// messages through the transport while holding the node mutex, and the
// transport's receive path holds the transport mutex while stepping the
// node, so a concurrent propose and inbound message deadlock (ABBA).
package etcdrafttransport

import (
	"errors"
	"sync"
)

// MessageType identifies a raft message.
type MessageType int

// Message types.
const (
	MsgApp MessageType = iota
	MsgAppResp
	MsgHeartbeat
	MsgHeartbeatResp
)

// StateType is the role of a node.
type StateType int

// Node roles.
const (
	StateFollower StateType = iota
	StateCandidate
	StateLeader
)

// Entry is a log entry.
type Entry struct {
	Term  uint64
	Index uint64
	Data  []byte
}

// Message is exchanged between peers.
type Message struct {
	Type    MessageType
	From    uint64
	To      uint64
	Term    uint64
	Index   uint64
	Entries []Entry
	Reject  bool
}

// Raft is what the transport delivers inbound messages to.
type Raft interface {
	Step(m Message) error
	ReportUnreachable(id uint64)
}

// ErrNotLeader is returned from Propose on followers.
var ErrNotLeader = errors.New("raft: not leader")

// Node is a single raft member.
type Node struct {
	mu          sync.Mutex
	id          uint64
	term        uint64
	state       StateType
	lead        uint64
	log         []Entry
	commitIndex uint64
	matchIndex  map[uint64]uint64
	peers       []uint64
	transport   *Transport
}

// NewNode creates a node bound to transport t.
func NewNode(id uint64, peers []uint64, t *Transport) *Node {
	n := &Node{id: id, peers: peers, transport: t, matchIndex: make(map[uint64]uint64)}
	t.SetHandler(n)
	return n
}

// Propose appends data to the leader's log and replicates it.
func (n *Node) Propose(data []byte) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.state != StateLeader {
		return ErrNotLeader
	}
	e := Entry{Term: n.term, Index: uint64(len(n.log)) + 1, Data: data}
	n.log = append(n.log, e)
	n.matchIndex[n.id] = e.Index
	for _, p := range n.peers {
		if p == n.id {
			continue
		}
		n.transport.Send(Message{Type: MsgApp, From: n.id, To: p, Term: n.term, Index: e.Index - 1, Entries: []Entry{e}})
	}
	return nil
}

// Step applies an inbound message to the node's state.
func (n *Node) Step(m Message) error {
	n.mu.Lock() // WANT(lockorder)
	defer n.mu.Unlock()
	if m.Term > n.term {
		n.term = m.Term
		n.state = StateFollower
		n.lead = 0
	}
	switch m.Type {
	case MsgApp:
		n.lead = m.From
		if m.Index > uint64(len(n.log)) {
			return nil
		}
		n.log = append(n.log[:m.Index], m.Entries...)
	case MsgAppResp:
		if !m.Reject && m.Index > n.matchIndex[m.From] {
			n.matchIndex[m.From] = m.Index
			n.maybeCommit()
		}
	case MsgHeartbeat:
		n.lead = m.From
	}
	return nil
}

// ReportUnreachable marks a peer as unreachable.
func (n *Node) ReportUnreachable(id uint64) {
	n.mu.Lock()
	delete(n.matchIndex, id)
	n.mu.Unlock()
}

func (n *Node) maybeCommit() {
	counts := 0
	for _, idx := range n.matchIndex {
		if idx > n.commitIndex {
			counts++
		}
	}
	if counts*2 > len(n.peers) {
		n.commitIndex++
	}
}

// peer is an outbound stream to one member.
type peer struct {
	id   uint64
	msgc chan Message
}

// Transport moves messages between members.
type Transport struct {
	mu       sync.Mutex
	peers    map[uint64]*peer
	handler  Raft
	dropped  map[uint64]int
	received map[uint64]int
}

// NewTransport returns an empty transport.
func NewTransport() *Transport {
	return &Transport{peers: make(map[uint64]*peer), dropped: make(map[uint64]int), received: make(map[uint64]int)}
}

// SetHandler sets the local member that receives inbound messages.
func (t *Transport) SetHandler(r Raft) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.handler = r
}

// AddPeer registers an outbound stream.
func (t *Transport) AddPeer(id uint64, buf int) <-chan Message {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := &peer{id: id, msgc: make(chan Message, buf)}
	t.peers[id] = p
	return p.msgc
}

// Send queues m on the stream to m.To, dropping it if the stream is full.
func (t *Transport) Send(m Message) {
	t.mu.Lock() // WANT(lockorder)
	defer t.mu.Unlock()
	p, ok := t.peers[m.To]
	if !ok {
		t.dropped[m.To]++
		return
	}
	select {
	case p.msgc <- m:
	default:
		t.dropped[m.To]++
	}
}

// Receive is called by the stream reader for every inbound message.
func (t *Transport) Receive(m Message) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.peers[m.From]; !ok {
		t.dropped[m.From]++
		return nil
	}
	t.received[m.From]++
	return t.handler.Step(m)
}
