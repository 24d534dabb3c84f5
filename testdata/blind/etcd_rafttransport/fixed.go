package etcdrafttransport

import "sync"

// NodeFixed is a single raft member. It never calls into the transport while
// holding its own mutex: outbound messages are collected under the lock and
// sent after it is released.
type NodeFixed struct {
	mu          sync.Mutex
	id          uint64
	term        uint64
	state       StateType
	lead        uint64
	log         []Entry
	commitIndex uint64
	matchIndex  map[uint64]uint64
	peers       []uint64
	transport   *TransportFixed
}

// NewNodeFixed creates a node bound to transport t.
func NewNodeFixed(id uint64, peers []uint64, t *TransportFixed) *NodeFixed {
	n := &NodeFixed{id: id, peers: peers, transport: t, matchIndex: make(map[uint64]uint64)}
	t.SetHandler(n)
	return n
}

// Propose appends data to the leader's log and replicates it.
func (n *NodeFixed) Propose(data []byte) error {
	n.mu.Lock()
	if n.state != StateLeader {
		n.mu.Unlock()
		return ErrNotLeader
	}
	e := Entry{Term: n.term, Index: uint64(len(n.log)) + 1, Data: data}
	n.log = append(n.log, e)
	n.matchIndex[n.id] = e.Index
	msgs := make([]Message, 0, len(n.peers))
	for _, p := range n.peers {
		if p == n.id {
			continue
		}
		msgs = append(msgs, Message{Type: MsgApp, From: n.id, To: p, Term: n.term, Index: e.Index - 1, Entries: []Entry{e}})
	}
	n.mu.Unlock()

	for _, m := range msgs {
		n.transport.Send(m)
	}
	return nil
}

// Step applies an inbound message to the node's state.
func (n *NodeFixed) Step(m Message) error {
	n.mu.Lock()
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
	case MsgHeartbeat:
		n.lead = m.From
	}
	return nil
}

// ReportUnreachable marks a peer as unreachable.
func (n *NodeFixed) ReportUnreachable(id uint64) {
	n.mu.Lock()
	delete(n.matchIndex, id)
	n.mu.Unlock()
}

// TransportFixed moves messages between members. It releases its mutex
// before delivering inbound messages to the node.
type TransportFixed struct {
	mu       sync.Mutex
	peers    map[uint64]*peer
	handler  Raft
	dropped  map[uint64]int
	received map[uint64]int
}

// NewTransportFixed returns an empty transport.
func NewTransportFixed() *TransportFixed {
	return &TransportFixed{peers: make(map[uint64]*peer), dropped: make(map[uint64]int), received: make(map[uint64]int)}
}

// SetHandler sets the local member that receives inbound messages.
func (t *TransportFixed) SetHandler(r Raft) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.handler = r
}

// AddPeer registers an outbound stream.
func (t *TransportFixed) AddPeer(id uint64, buf int) <-chan Message {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := &peer{id: id, msgc: make(chan Message, buf)}
	t.peers[id] = p
	return p.msgc
}

// Send queues m on the stream to m.To, dropping it if the stream is full.
func (t *TransportFixed) Send(m Message) {
	t.mu.Lock()
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
func (t *TransportFixed) Receive(m Message) error {
	t.mu.Lock()
	_, known := t.peers[m.From]
	if known {
		t.received[m.From]++
	}
	h := t.handler
	t.mu.Unlock()

	if !known {
		h.ReportUnreachable(m.From)
		return nil
	}
	return h.Step(m)
}
