// Package docker_containerlock models a Moby/Docker daemon deadlock: a
// container method takes the container lock and then calls a helper that
// takes the same lock again to read the container state. Go mutexes are not
// reentrant, so the daemon hangs on the second Lock (doublelock through a
// callee).
package docker_containerlock

import (
	"fmt"
	"sync"
)

type State struct {
	Running bool
	Pid     int
}

type Container struct {
	mu    sync.Mutex
	ID    string
	state State
}

// isRunning reads the state under the container lock.
func (c *Container) isRunning() bool {
	c.mu.Lock() // WANT(doublelock)
	defer c.mu.Unlock()
	return c.state.Running
}

// Stop marks the container stopped. It holds the lock while it asks
// isRunning, which locks c.mu again.
func (c *Container) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.isRunning() { // WANT(doublelock)
		return fmt.Errorf("container %s is not running", c.ID)
	}
	c.state.Running = false
	c.state.Pid = 0
	return nil
}
