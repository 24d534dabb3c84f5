package xc // want package:`lockorder:xa.Conn.mu->xa.Pool.mu .*`

// This package sees xa's edges only through xb's fact.

import "xb"

func Poll(cl *xb.Client) int {
	cl.HoldConn()
	defer cl.ReleaseConn()
	return cl.Stats() // want `lock-order inversion: xa.Pool.mu acquired by this call to \(\*xb.Client\).Stats → \(\*xa.Pool\).Stats \(locked at xa.go:\d+\) while holding xa.Conn.mu, but \(\*xa.Pool\).Drain acquires xa.Conn.mu while holding xa.Pool.mu \(xa.go:\d+, in package xa\)`
}
