// Package grpchandshakecancel models a transport dialer that derives a
// cancelable context per connection and starts a goroutine that closes the
// connection when that context is done. If the security handshake fails,
// the dialer returns the error without calling cancel, so for a long-lived
// parent context the watcher goroutine waits on ctx.Done() forever.
package grpchandshakecancel

import (
	"context"
	"fmt"
	"net"
	"time"
)

// AuthInfo describes the negotiated security.
type AuthInfo struct {
	Protocol   string
	ServerName string
}

// TransportCredentials performs the client handshake.
type TransportCredentials interface {
	ClientHandshake(ctx context.Context, authority string, raw net.Conn) (net.Conn, AuthInfo, error)
}

// NetDialer opens raw connections.
type NetDialer interface {
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

// Logger is the injected logger.
type Logger interface {
	Warnf(format string, args ...any)
}

// ClientTransport is an established connection.
type ClientTransport struct {
	conn     net.Conn
	authInfo AuthInfo
	cancel   context.CancelFunc
	created  time.Time
}

// Close tears the transport down.
func (t *ClientTransport) Close() error {
	t.cancel()
	return nil
}

// Dialer creates client transports.
type Dialer struct {
	net   NetDialer
	creds TransportCredentials
	log   Logger
	now   func() time.Time
}

// NewDialer returns a dialer.
func NewDialer(nd NetDialer, creds TransportCredentials, log Logger) *Dialer {
	return &Dialer{net: nd, creds: creds, log: log, now: time.Now}
}

// Dial connects to addr and performs the security handshake. The transport
// lives until parent is cancelled or the transport is closed.
func (d *Dialer) Dial(parent context.Context, addr, authority string) (*ClientTransport, error) {
	ctx, cancel := context.WithCancel(parent)
	raw, err := d.net.DialContext(ctx, "tcp", addr)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("transport: dial %s: %w", addr, err)
	}
	t := &ClientTransport{conn: raw, cancel: cancel, created: d.now()}
	go func() {
		<-ctx.Done() // WANT(goroutineleak)
		raw.Close()
	}()

	conn, info, err := d.creds.ClientHandshake(ctx, authority, raw)
	if err != nil {
		d.log.Warnf("transport: handshake with %s failed: %v", addr, err)
		return nil, fmt.Errorf("transport: authentication handshake failed: %w", err) // WANT(goroutineleak)
	}
	t.conn, t.authInfo = conn, info
	return t, nil
}
