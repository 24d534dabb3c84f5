// Package streammux models a yamux-style stream multiplexer in which each
// stream's inbound data channel is closed to signal end-of-stream to readers.
// The session's frame loop closes it when the remote peer sends a reset frame
// and Stream.Close closes it again when the local side shuts the stream, so a
// local Close after (or concurrently with) a remote reset panics with a close
// of a closed channel.
package streammux

import (
	"encoding/binary"
	"errors"
	"io"
	"sync"
)

var (
	ErrStreamReset     = errors.New("yamux: stream reset by peer")
	ErrSessionShutdown = errors.New("yamux: session shutdown")
)

const (
	typeData   uint8 = 0
	typeWindow uint8 = 1
	typeReset  uint8 = 2
	typeFin    uint8 = 3
	headerSize       = 9
)

type header [headerSize]byte

func (h header) msgType() uint8   { return h[0] }
func (h header) streamID() uint32 { return binary.BigEndian.Uint32(h[1:5]) }
func (h header) length() uint32   { return binary.BigEndian.Uint32(h[5:9]) }
func encode(t uint8, id, n uint32) header {
	var h header
	h[0] = t
	binary.BigEndian.PutUint32(h[1:5], id)
	binary.BigEndian.PutUint32(h[5:9], n)
	return h
}

type Logger interface {
	Printf(format string, args ...any)
}

type Stream struct {
	id      uint32
	session *Session
	recvCh  chan []byte

	mu         sync.Mutex
	reset      bool
	recvClosed bool
	buf        []byte
}

func (s *Stream) Read(p []byte) (int, error) {
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

func (s *Stream) Write(p []byte) (int, error) {
	if err := s.session.writeFrame(encode(typeData, s.id, uint32(len(p))), p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (s *Stream) Close() error {
	err := s.session.writeFrame(encode(typeFin, s.id, 0), nil)
	s.session.forget(s.id)
	s.mu.Lock()
	s.recvClosed = true
	close(s.recvCh) // WANT(chanclose)
	s.mu.Unlock()
	return err
}

func (s *Stream) remoteReset() {
	s.mu.Lock()
	s.reset = true
	s.recvClosed = true
	close(s.recvCh) // WANT(chanclose)
	s.mu.Unlock()
}

func (s *Stream) deliver(body []byte) bool {
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

type Session struct {
	conn   io.ReadWriteCloser
	logger Logger

	writeMu sync.Mutex

	mu      sync.Mutex
	nextID  uint32
	streams map[uint32]*Stream
}

func NewSession(conn io.ReadWriteCloser, l Logger, client bool) *Session {
	s := &Session{conn: conn, logger: l, streams: make(map[uint32]*Stream)}
	if client {
		s.nextID = 1
	} else {
		s.nextID = 2
	}
	go s.recvLoop()
	return s
}

func (s *Session) OpenStream() (*Stream, error) {
	s.mu.Lock()
	id := s.nextID
	s.nextID += 2
	st := &Stream{id: id, session: s, recvCh: make(chan []byte, 64)}
	s.streams[id] = st
	s.mu.Unlock()
	if err := s.writeFrame(encode(typeWindow, id, 256*1024), nil); err != nil {
		s.forget(id)
		return nil, err
	}
	return st, nil
}

func (s *Session) writeFrame(h header, body []byte) error {
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

func (s *Session) forget(id uint32) {
	s.mu.Lock()
	delete(s.streams, id)
	s.mu.Unlock()
}

func (s *Session) lookup(id uint32) *Stream {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.streams[id]
}

func (s *Session) recvLoop() {
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
