package docker_containerlock

import "fmt"

// isRunningLocked is the helper for callers that already hold c.mu.
func (c *Container) isRunningLocked() bool {
	return c.state.Running
}

// StopFixed calls the ...Locked helper while holding the lock.
func (c *Container) StopFixed() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.isRunningLocked() {
		return fmt.Errorf("container %s is not running", c.ID)
	}
	c.state.Running = false
	c.state.Pid = 0
	return nil
}
