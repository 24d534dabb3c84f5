package framehandler

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
)

type ServerFixed struct {
	logger               Logger
	handlers             map[string]Handler
	maxConcurrentStreams int
}

func NewServerFixed(l Logger, maxConcurrentStreams int) *ServerFixed {
	if maxConcurrentStreams <= 0 {
		maxConcurrentStreams = 100
	}
	return &ServerFixed{logger: l, handlers: make(map[string]Handler), maxConcurrentStreams: maxConcurrentStreams}
}

// RegisterMethod must be called before Serve.
func (s *ServerFixed) RegisterMethod(name string, h Handler) {
	s.handlers[name] = h
}

func (s *ServerFixed) Serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go s.serveConn(c)
	}
}

type serverConnFixed struct {
	srv     *ServerFixed
	conn    net.Conn
	streams chan struct{}

	writeMu sync.Mutex
	wg      sync.WaitGroup
}

func (s *ServerFixed) serveConn(c net.Conn) {
	sc := &serverConnFixed{srv: s, conn: c, streams: make(chan struct{}, s.maxConcurrentStreams)}
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
		sc.streams <- struct{}{}
		sc.wg.Add(1)
		go sc.handle(ctx, f)
	}
}

func (sc *serverConnFixed) handle(ctx context.Context, f Frame) {
	defer func() {
		<-sc.streams
		sc.wg.Done()
	}()
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
