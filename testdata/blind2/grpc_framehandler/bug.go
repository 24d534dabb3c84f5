// Package framehandler models a framed RPC transport whose per-connection
// read loop decodes request frames and starts a goroutine for every frame to
// dispatch it to the registered method handler. There is no limit on
// in-flight requests per connection, so a client that pipelines frames
// faster than handlers finish makes the server spawn goroutines without
// bound.
package framehandler

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
)

const maxFrameSize = 4 << 20

var ErrFrameTooLarge = errors.New("rpc: frame exceeds maximum size")

type Frame struct {
	StreamID uint32
	Method   string
	Payload  []byte
}

type Handler func(ctx context.Context, payload []byte) ([]byte, error)

type Logger interface {
	Errorf(format string, args ...any)
}

func readFrame(r *bufio.Reader) (Frame, error) {
	var hdr [10]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return Frame{}, err
	}
	id := binary.BigEndian.Uint32(hdr[0:4])
	mlen := int(binary.BigEndian.Uint16(hdr[4:6]))
	plen := int(binary.BigEndian.Uint32(hdr[6:10]))
	if plen > maxFrameSize {
		return Frame{}, ErrFrameTooLarge
	}
	buf := make([]byte, mlen+plen)
	if _, err := io.ReadFull(r, buf); err != nil {
		return Frame{}, err
	}
	return Frame{StreamID: id, Method: string(buf[:mlen]), Payload: buf[mlen:]}, nil
}

func writeFrame(w io.Writer, id uint32, status byte, payload []byte) error {
	var hdr [9]byte
	binary.BigEndian.PutUint32(hdr[0:4], id)
	hdr[4] = status
	binary.BigEndian.PutUint32(hdr[5:9], uint32(len(payload)))
	if _, err := w.Write(hdr[:]); err != nil {
		return err
	}
	_, err := w.Write(payload)
	return err
}

type Server struct {
	logger   Logger
	handlers map[string]Handler
}

func NewServer(l Logger) *Server {
	return &Server{logger: l, handlers: make(map[string]Handler)}
}

// RegisterMethod must be called before Serve.
func (s *Server) RegisterMethod(name string, h Handler) {
	s.handlers[name] = h
}

func (s *Server) Serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go s.serveConn(c)
	}
}

type serverConn struct {
	srv  *Server
	conn net.Conn

	writeMu sync.Mutex
	wg      sync.WaitGroup
}

func (s *Server) serveConn(c net.Conn) {
	sc := &serverConn{srv: s, conn: c}
	ctx, cancel := context.WithCancel(context.Background())
	defer func() {
		cancel()
		sc.wg.Wait()
		_ = c.Close()
	}()
	r := bufio.NewReader(c)
	for {
		f, err := readFrame(r)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				s.logger.Errorf("rpc: reading frame from %s: %v", c.RemoteAddr(), err)
			}
			return
		}
		sc.wg.Add(1)
		go sc.handle(ctx, f) // WANT(unboundedgo)
	}
}

func (sc *serverConn) handle(ctx context.Context, f Frame) {
	defer sc.wg.Done()
	status := byte(0)
	var resp []byte
	h, ok := sc.srv.handlers[f.Method]
	if !ok {
		status, resp = 1, []byte(fmt.Sprintf("unknown method %q", f.Method))
	} else if out, err := h(ctx, f.Payload); err != nil {
		status, resp = 2, []byte(err.Error())
	} else {
		resp = out
	}
	sc.writeMu.Lock()
	defer sc.writeMu.Unlock()
	if err := writeFrame(sc.conn, f.StreamID, status, resp); err != nil {
		sc.srv.logger.Errorf("rpc: writing response for stream %d: %v", f.StreamID, err)
	}
}
