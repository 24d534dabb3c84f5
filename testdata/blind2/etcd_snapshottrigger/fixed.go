package snapshottrigger

import (
	"errors"
)

var ErrSnapshotDisabled = errors.New("etcdserver: snapshots are disabled")

type EtcdServerFixed struct {
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

func NewEtcdServerFixed(cfg ServerConfig, be Backend, snap Snapshotter, l Logger) *EtcdServerFixed {
	s := &EtcdServerFixed{
		cfg:      cfg,
		be:       be,
		logger:   l,
		applyc:   make(chan Entry, 64),
		snapReqc: make(chan snapshotRequest),
		stopc:    make(chan struct{}),
		donec:    make(chan struct{}),
	}
	if cfg.SnapshotCount > 0 {
		s.snap = snap
	}
	return s
}

func (s *EtcdServerFixed) Start() {
	go s.run()
}

func (s *EtcdServerFixed) Apply(e Entry) error {
	select {
	case s.applyc <- e:
		return nil
	case <-s.stopc:
		return ErrStopped
	}
}

func (s *EtcdServerFixed) run() {
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
		case req := <-s.snapReqc:
			if s.snap == nil {
				req.done <- ErrSnapshotDisabled
				continue
			}
			req.done <- s.snapshot()
		case <-s.stopc:
			return
		}
	}
}

func (s *EtcdServerFixed) snapshot() error {
	idx := s.be.ConsistentIndex()
	if err := s.snap.SaveSnap(idx); err != nil {
		return err
	}
	s.appliedSinceSnap = 0
	s.logger.Info("saved snapshot", "index", idx)
	return nil
}

// ForceSnapshot asks the apply loop to write a snapshot now and waits for it.
func (s *EtcdServerFixed) ForceSnapshot() error {
	req := snapshotRequest{done: make(chan error, 1)}
	select {
	case s.snapReqc <- req:
	case <-s.stopc:
		return ErrStopped
	}
	return <-req.done
}

func (s *EtcdServerFixed) Stop() {
	close(s.stopc)
	<-s.donec
}
