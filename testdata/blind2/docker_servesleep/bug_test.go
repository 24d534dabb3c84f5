// Package servesleep models a test of a daemon's line-oriented control-socket
// server. The test starts the accept loop with go srv.Serve(l) and then sleeps
// for a fixed interval, assuming the goroutine will have started serving by
// then, before dialing the listener and asserting on the response.
package servesleep

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

var ErrServerClosed = errors.New("control: server closed")

type CommandHandler func(args []string) (string, error)

type ControlServer struct {
	handlers map[string]CommandHandler
	timeout  time.Duration

	mu       sync.Mutex
	listener net.Listener
	conns    map[net.Conn]struct{}
	closed   bool
	wg       sync.WaitGroup
}

func NewControlServer(timeout time.Duration) *ControlServer {
	return &ControlServer{
		handlers: make(map[string]CommandHandler),
		timeout:  timeout,
		conns:    make(map[net.Conn]struct{}),
	}
}

func (s *ControlServer) Handle(cmd string, h CommandHandler) {
	s.handlers[strings.ToUpper(cmd)] = h
}

func (s *ControlServer) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrServerClosed
	}
	s.listener = l
	s.mu.Unlock()

	for {
		c, err := l.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if closed {
				return ErrServerClosed
			}
			return err
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			_ = c.Close()
			return ErrServerClosed
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serveConn(c)
	}
}

func (s *ControlServer) serveConn(c net.Conn) {
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		_ = c.Close()
	}()
	r := bufio.NewScanner(c)
	for {
		_ = c.SetReadDeadline(time.Now().Add(s.timeout))
		if !r.Scan() {
			return
		}
		fields := strings.Fields(r.Text())
		if len(fields) == 0 {
			continue
		}
		h, ok := s.handlers[strings.ToUpper(fields[0])]
		var reply string
		if !ok {
			reply = "ERR unknown command " + fields[0]
		} else if out, err := h(fields[1:]); err != nil {
			reply = "ERR " + err.Error()
		} else {
			reply = "OK " + out
		}
		if _, err := fmt.Fprintln(c, reply); err != nil {
			return
		}
	}
}

func (s *ControlServer) Close() error {
	s.mu.Lock()
	s.closed = true
	l := s.listener
	for c := range s.conns {
		_ = c.Close()
	}
	s.mu.Unlock()
	var err error
	if l != nil {
		err = l.Close()
	}
	s.wg.Wait()
	return err
}

func TestControlServerPing(t *testing.T) {
	srv := NewControlServer(5 * time.Second)
	srv.Handle("ping", func([]string) (string, error) { return "pong", nil })

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Close()

	time.Sleep(100 * time.Millisecond) // WANT(sleepsync)

	conn, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := fmt.Fprintln(conn, "PING"); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(line); got != "OK pong" {
		t.Fatalf("reply = %q, want %q", got, "OK pong")
	}
}
