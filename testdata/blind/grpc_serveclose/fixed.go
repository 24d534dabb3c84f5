package grpcserveclose

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// ServerFixed accepts connections and hands them to a handler.
type ServerFixed struct {
	lis     net.Listener
	handler ConnHandler
	log     Logger

	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	wg       sync.WaitGroup
	done     chan struct{}
	doneOnce sync.Once
}

// NewServerFixed returns a server for lis.
func NewServerFixed(lis net.Listener, h ConnHandler, log Logger) *ServerFixed {
	return &ServerFixed{lis: lis, handler: h, log: log, conns: make(map[net.Conn]struct{}), done: make(chan struct{})}
}

func (s *ServerFixed) shutdown() {
	s.doneOnce.Do(func() { close(s.done) })
}

// Serve accepts connections until the listener fails or Close is called.
func (s *ServerFixed) Serve() error {
	var tempDelay time.Duration
	for {
		c, err := s.lis.Accept()
		if err != nil {
			select {
			case <-s.done:
				return ErrServerStopped
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				tempDelay = min(max(tempDelay*2, 5*time.Millisecond), time.Second)
				s.log.Errorf("accept error: %v; retrying in %v", err, tempDelay)
				time.Sleep(tempDelay)
				continue
			}
			s.log.Errorf("accept failed, stopping server: %v", err)
			s.shutdown()
			return fmt.Errorf("grpc: accept: %w", err)
		}
		tempDelay = 0
		s.track(c)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer s.untrack(c)
			s.handler.HandleConn(c, s.done)
		}()
	}
}

func (s *ServerFixed) track(c net.Conn) {
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
}

func (s *ServerFixed) untrack(c net.Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
}

// Close stops the listener, signals handlers and waits for them.
func (s *ServerFixed) Close() error {
	s.shutdown()
	err := s.lis.Close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	s.log.Infof("server stopped")
	return err
}

// ListenAndServeFixed is the typical caller.
func ListenAndServeFixed(addr string, h ConnHandler, log Logger) error {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := NewServerFixed(lis, h, log)
	defer srv.Close()
	return srv.Serve()
}
