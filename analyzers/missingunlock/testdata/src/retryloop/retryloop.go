// Package retryloop: a retry loop takes the lock at the top of each
// iteration, unlocks before waiting, and breaks out on success with the
// lock still held (the shape of a reconnect loop in a client).
package retryloop

import (
	"context"
	"errors"
	"sync"
	"time"
)

type Client struct {
	mu    sync.Mutex
	conn  int
	tries int
}

func (c *Client) dial() error {
	if c.tries > 3 {
		return nil
	}
	c.tries++
	return errors.New("refused")
}

// Bad: the success break keeps c.mu; the ctx exit unlocks it.
func (c *Client) Reconnect(ctx context.Context) error {
	var err error
	for {
		c.mu.Lock()
		err = c.dial()
		if err == nil {
			c.conn++
			break // the break is the only way to the return below: reported there
		}
		c.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return err // want `c.mu is still locked at this return: it is unlocked before the return at retryloop.go:\d+ but not on this path`
}

// Safe twin: unlock before the break.
func (c *Client) ReconnectSafe(ctx context.Context) error {
	var err error
	for {
		c.mu.Lock()
		err = c.dial()
		if err == nil {
			c.conn++
			c.mu.Unlock()
			break
		}
		c.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return err
}

// Bad: the loop breaks out of the select from a case with the lock held.
//
// Known miss: the break is the loop's only exit and the function's only
// return, so every return holds c.mu, which is also the shape of a lock
// helper that waits for a condition and returns with the lock held for
// its caller (Wait-style helpers). Nothing in the function tells them
// apart; reporting it needs the callers (none here) to show that no one
// releases the lock afterwards.
func (c *Client) Poll(ctx context.Context, tick <-chan time.Time) int {
	n := 0
loop:
	for {
		c.mu.Lock()
		select {
		case <-ctx.Done():
			break loop
		case <-tick:
			n += c.conn
		}
		c.mu.Unlock()
	}
	return n
}

// Safe twin: the select waits without the lock.
func (c *Client) PollSafe(ctx context.Context, tick <-chan time.Time) int {
	n := 0
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-tick:
			c.mu.Lock()
			n += c.conn
			c.mu.Unlock()
		}
	}
	return n
}

// Safe: the lock is held for the caller on every exit and documented so
// (a lock helper that returns with the lock held on success only after a
// loop that always keeps it).
func (c *Client) lockConnected(ctx context.Context) bool {
	for {
		c.mu.Lock()
		if c.conn > 0 {
			return true
		}
		c.mu.Unlock()
		select {
		case <-ctx.Done():
			return false
		case <-time.After(time.Millisecond):
		}
	}
}
