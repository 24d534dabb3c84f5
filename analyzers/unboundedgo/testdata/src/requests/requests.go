// Package requests serves requests read from one connection: a handler
// goroutine per request, answering on the same connection. Like accept
// loops, this is a server idiom, reported only with -unboundedgo.accept.
package requests

import (
	"bufio"
	"encoding/json"
	"net"
	"sync"
)

type request struct{ ID int }
type response struct{ ID int }

// A codec reads requests and writes responses.
type codec struct {
	mu  sync.Mutex
	dec *json.Decoder
	enc *json.Encoder
}

func (c *codec) ReadRequest() (*request, error) {
	var r request
	err := c.dec.Decode(&r)
	return &r, err
}

func (c *codec) WriteResponse(r *response) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.enc.Encode(r)
}

func serve(c *codec, req *request) { _ = c.WriteResponse(&response{ID: req.ID}) }

// A handler per request; each answers on the codec it was read from.
func ServeCodec(c *codec) {
	for {
		req, err := c.ReadRequest()
		if err != nil {
			return
		}
		go serve(c, req) // want `goroutine started for every request read from c with no bound`
	}
}

// The same on a raw connection.
func ServeConn(conn net.Conn) {
	r := bufio.NewReader(conn)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		go func() { // want `goroutine started for every request read from r with no bound`
			_, _ = conn.Write([]byte(line))
		}()
	}
}

func process(line string) {}

// A stream of work that is not answered on the connection: reported by
// default (see the default test).
func Consume(conn net.Conn) {
	r := bufio.NewReader(conn)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		go process(line) // want `goroutine started for every line read from r with no bound`
	}
}

type rpcRequest struct{ ID int }

func dispatch(r rpcRequest) int { return r.ID }

// A JSON-RPC server: requests from a decoder, answers on an encoder over
// the same connection.
func ServeJSON(conn net.Conn) {
	dec := json.NewDecoder(conn)
	enc := json.NewEncoder(conn)
	var mu sync.Mutex
	for {
		var req rpcRequest
		if err := dec.Decode(&req); err != nil {
			return
		}
		go func() { // want `goroutine started for every request read from dec with no bound`
			res := dispatch(req)
			mu.Lock()
			_ = enc.Encode(res)
			mu.Unlock()
		}()
	}
}
