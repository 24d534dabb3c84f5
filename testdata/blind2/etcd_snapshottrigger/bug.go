// Package snapshottrigger models a storage server whose snapshot request
// channel is only created when periodic snapshots are enabled. With the
// feature off the field stays nil: the main loop's select case receiving from
// it can never fire, and the admin ForceSnapshot method sends on the nil
// channel, so the caller hangs until the server is shut down.
package snapshottrigger

import (
	"errors"
	"time"
)

var ErrStopped = errors.New("etcdserver: server stopped")

type Entry struct {
	Term  uint64
	Index uint64
	Data  []byte
}

type Backend interface {
	Apply(e Entry) error
	ConsistentIndex() uint64
}

type Snapshotter interface {
	SaveSnap(index uint64) error
}

type Logger interface {
	Info(msg string, kv ...any)
	Warn(msg string, kv ...any)
}

type ServerConfig struct {
	SnapshotCount    uint64
	SnapshotInterval time.Duration
}

type snapshotRequest struct {
	done chan error
}

type EtcdServer struct {
	cfg    ServerConfig
	be     Backend
	snap   Snapshotter
	logger Logger

	applyc   chan Entry
	snapReqc chan snapshotRequest
	stopc    chan struct{}
	donec    chan struct{}

	appliedSinceSnap uint64
}

func NewEtcdServer(cfg ServerConfig, be Backend, snap Snapshotter, l Logger) *EtcdServer {
	s := &EtcdServer{
		cfg:    cfg,
		be:     be,
		logger: l,
		applyc: make(chan Entry, 64),
		stopc:  make(chan struct{}),
		donec:  make(chan struct{}),
	}
	if cfg.SnapshotCount > 0 {
		s.snap = snap
		s.snapReqc = make(chan snapshotRequest)
	}
	return s
}

func (s *EtcdServer) Start() {
	go s.run()
}

func (s *EtcdServer) Apply(e Entry) error {
	select {
	case s.applyc <- e:
		return nil
	case <-s.stopc:
		return ErrStopped
	}
}

func (s *EtcdServer) run() {
	defer close(s.donec)
	for {
		select {
		case e := <-s.applyc:
			if err := s.be.Apply(e); err != nil {
				s.logger.Warn("failed to apply entry", "index", e.Index, "error", err)
				continue
			}
			s.appliedSinceSnap++
			if s.snap != nil && s.appliedSinceSnap >= s.cfg.SnapshotCount {
				if err := s.snapshot(); err != nil {
					s.logger.Warn("periodic snapshot failed", "error", err)
				}
			}
		case req := <-s.snapReqc: // WANT(chanclose)
			req.done <- s.snapshot()
		case <-s.stopc:
			return
		}
	}
}

func (s *EtcdServer) snapshot() error {
	idx := s.be.ConsistentIndex()
	if err := s.snap.SaveSnap(idx); err != nil {
		return err
	}
	s.appliedSinceSnap = 0
	s.logger.Info("saved snapshot", "index", idx)
	return nil
}

// ForceSnapshot asks the apply loop to write a snapshot now and waits for it.
func (s *EtcdServer) ForceSnapshot() error {
	req := snapshotRequest{done: make(chan error, 1)}
	select {
	case s.snapReqc <- req: // WANT(chanclose)
	case <-s.stopc:
		return ErrStopped
	}
	return <-req.done
}

func (s *EtcdServer) Stop() {
	close(s.stopc)
	<-s.donec
}
