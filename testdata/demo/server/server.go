// Package server is a small request handler with a backend call per
// request and a health endpoint.
package server

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
)

// Backend answers lookups.
type Backend interface {
	Lookup(ctx context.Context, key string) (string, error)
}

// Server serves lookups over HTTP.
type Server struct {
	backend  Backend
	timeout  time.Duration
	requests atomic.Int64
}

// New returns a server that gives each backend call timeout to finish.
func New(b Backend, timeout time.Duration) *Server {
	return &Server{backend: b, timeout: timeout}
}

// ServeHTTP answers /lookup?key=K.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	ctx, cancel := context.WithTimeout(r.Context(), s.timeout)
	defer cancel()
	v, err := s.backend.Lookup(ctx, r.URL.Query().Get("key"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	fmt.Fprintln(w, v)
}

// Requests returns the number of requests served.
func (s *Server) Requests() int64 { return s.requests.Load() }
