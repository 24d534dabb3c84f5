package grpchandshakecancel

import (
	"context"
	"fmt"
	"time"
)

// DialerFixed creates client transports.
type DialerFixed struct {
	net   NetDialer
	creds TransportCredentials
	log   Logger
	now   func() time.Time
}

// Dial connects to addr and performs the security handshake. The transport
// lives until parent is cancelled or the transport is closed.
func (d *DialerFixed) Dial(parent context.Context, addr, authority string) (*ClientTransport, error) {
	ctx, cancel := context.WithCancel(parent)
	raw, err := d.net.DialContext(ctx, "tcp", addr)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("transport: dial %s: %w", addr, err)
	}
	t := &ClientTransport{conn: raw, cancel: cancel, created: d.now()}
	go func() {
		<-ctx.Done()
		raw.Close()
	}()

	conn, info, err := d.creds.ClientHandshake(ctx, authority, raw)
	if err != nil {
		t.Close()
		d.log.Warnf("transport: handshake with %s failed: %v", addr, err)
		return nil, fmt.Errorf("transport: authentication handshake failed: %w", err)
	}
	t.conn, t.authInfo = conn, info
	return t, nil
}
