// Package etcd6857 is the fixed twin of GoKer kernel etcd6857, written for
// conclint from the fix the kernel's README describes: no goroutine
// blocks forever.
package etcd6857

// Fixed: Status gives up when the node is done.

type node struct {
	status chan chan int
	stop   chan struct{}
	done   chan struct{}
}

func (n *node) Status() int {
	c := make(chan int)
	select {
	case n.status <- c:
	case <-n.done:
		return 0
	}
	select {
	case s := <-c:
		return s
	case <-n.done:
		return 0
	}
}

func (n *node) run() {
	for {
		select {
		case c := <-n.status:
			c <- 1
		case <-n.stop:
			close(n.done)
			return
		}
	}
}

func (n *node) Stop() {
	select {
	case n.stop <- struct{}{}:
	case <-n.done:
		return
	}
	<-n.done
}

func Run() {
	n := &node{status: make(chan chan int), stop: make(chan struct{}), done: make(chan struct{})}
	go n.run()
	go n.Status()
	go n.Stop()
}
