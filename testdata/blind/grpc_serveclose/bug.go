// Package grpcserveclose models a server whose done channel is closed both by
// Close and by Serve when Accept fails for a reason other than shutdown. The
// check-then-close in Serve is not atomic with Close and there is no
// sync.Once, so a failed Serve followed by the usual deferred Close, or a
// Close racing with an Accept error, closes the channel twice and panics.
package grpcserveclose

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// ErrServerStopped is returned by Serve after Close.
var ErrServerStopped = errors.New("grpc: the server has been stopped")

// Logger is the injected logger.
type Logger interface {
	Infof(format string, args ...any)
	Errorf(format string, args ...any)
}

// ConnHandler serves one accepted connection.
type ConnHandler interface {
	HandleConn(c net.Conn, done <-chan struct{})
}

// Server accepts connections and hands them to a handler.
type Server struct {
	lis     net.Listener
	handler ConnHandler
	log     Logger

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
	done  chan struct{}
}

// NewServer returns a server for lis.
func NewServer(lis net.Listener, h ConnHandler, log Logger) *Server {
	return &Server{lis: lis, handler: h, log: log, conns: make(map[net.Conn]struct{}), done: make(chan struct{})}
}

// Serve accepts connections until the listener fails or Close is called.
func (s *Server) Serve() error {
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
			close(s.done) // WANT(chanclose)
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

func (s *Server) track(c net.Conn) {
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
}

func (s *Server) untrack(c net.Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
}

// Close stops the listener, signals handlers and waits for them.
func (s *Server) Close() error {
	close(s.done) // WANT(chanclose)
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

// ListenAndServe is the typical caller.
func ListenAndServe(addr string, h ConnHandler, log Logger) error {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := NewServer(lis, h, log)
	defer srv.Close()
	return srv.Serve()
}
