package streammux

import (
	"io"
	"sync"
)

type StreamFixed struct {
	id      uint32
	session *SessionFixed
	recvCh  chan []byte

	mu         sync.Mutex
	reset      bool
	recvClosed bool
	buf        []byte
}

func (s *StreamFixed) Read(p []byte) (int, error) {
	s.mu.Lock()
	if len(s.buf) > 0 {
		n := copy(p, s.buf)
		s.buf = s.buf[n:]
		s.mu.Unlock()
		return n, nil
	}
	s.mu.Unlock()

	data, ok := <-s.recvCh
	if !ok {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.reset {
			return 0, ErrStreamReset
		}
		return 0, io.EOF
	}
	n := copy(p, data)
	if n < len(data) {
		s.mu.Lock()
		s.buf = append(s.buf, data[n:]...)
		s.mu.Unlock()
	}
	return n, nil
}

func (s *StreamFixed) Write(p []byte) (int, error) {
	if err := s.session.writeFrame(encode(typeData, s.id, uint32(len(p))), p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (s *StreamFixed) closeRecvLocked() {
	if s.recvClosed {
		return
	}
	s.recvClosed = true
	close(s.recvCh)
}

func (s *StreamFixed) Close() error {
	err := s.session.writeFrame(encode(typeFin, s.id, 0), nil)
	s.session.forget(s.id)
	s.mu.Lock()
	s.closeRecvLocked()
	s.mu.Unlock()
	return err
}

func (s *StreamFixed) remoteReset() {
	s.mu.Lock()
	s.reset = true
	s.closeRecvLocked()
	s.mu.Unlock()
}

func (s *StreamFixed) deliver(body []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.recvClosed {
		return false
	}
	select {
	case s.recvCh <- body:
		return true
	default:
		return false
	}
}

type SessionFixed struct {
	conn   io.ReadWriteCloser
	logger Logger

	writeMu sync.Mutex

	mu      sync.Mutex
	nextID  uint32
	streams map[uint32]*StreamFixed
}

func NewSessionFixed(conn io.ReadWriteCloser, l Logger, client bool) *SessionFixed {
	s := &SessionFixed{conn: conn, logger: l, streams: make(map[uint32]*StreamFixed)}
	if client {
		s.nextID = 1
	} else {
		s.nextID = 2
	}
	go s.recvLoop()
	return s
}

func (s *SessionFixed) OpenStream() (*StreamFixed, error) {
	s.mu.Lock()
	id := s.nextID
	s.nextID += 2
	st := &StreamFixed{id: id, session: s, recvCh: make(chan []byte, 64)}
	s.streams[id] = st
	s.mu.Unlock()
	if err := s.writeFrame(encode(typeWindow, id, 256*1024), nil); err != nil {
		s.forget(id)
		return nil, err
	}
	return st, nil
}

func (s *SessionFixed) writeFrame(h header, body []byte) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if _, err := s.conn.Write(h[:]); err != nil {
		return err
	}
	if len(body) > 0 {
		_, err := s.conn.Write(body)
		return err
	}
	return nil
}

func (s *SessionFixed) forget(id uint32) {
	s.mu.Lock()
	delete(s.streams, id)
	s.mu.Unlock()
}

func (s *SessionFixed) lookup(id uint32) *StreamFixed {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.streams[id]
}

func (s *SessionFixed) recvLoop() {
	var h header
	for {
		if _, err := io.ReadFull(s.conn, h[:]); err != nil {
			s.logger.Printf("[ERR] yamux: failed to read header: %v", err)
			return
		}
		var body []byte
		if n := h.length(); n > 0 && h.msgType() == typeData {
			body = make([]byte, n)
			if _, err := io.ReadFull(s.conn, body); err != nil {
				s.logger.Printf("[ERR] yamux: failed to read body: %v", err)
				return
			}
		}
		st := s.lookup(h.streamID())
		if st == nil {
			continue
		}
		switch h.msgType() {
		case typeData:
			if !st.deliver(body) {
				s.logger.Printf("[WARN] yamux: dropped %d bytes for stream %d", len(body), st.id)
			}
		case typeReset:
			s.forget(st.id)
			st.remoteReset()
		}
	}
}
