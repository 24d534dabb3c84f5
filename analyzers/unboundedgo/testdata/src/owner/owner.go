// Package owner holds owner goroutines that start one long-lived goroutine
// per request handed over by the package's own API.
package owner

import (
	"bufio"
	"net"
	"sync"
)

type subscription struct {
	topic string
	ch    chan string
}

// A Hub serves subscriptions on its run loop.
type Hub struct {
	wg        sync.WaitGroup
	subscribe chan *subscription
	events    chan string
}

func (h *Hub) serve(s *subscription) {}

// Subscribe hands a subscription to the run loop: one per API call.
func (h *Hub) Subscribe(topic string) <-chan string {
	s := &subscription{topic: topic, ch: make(chan string)}
	h.subscribe <- s
	return s.ch
}

// Safe: one goroutine per subscription the program asked for.
func (h *Hub) run() {
	for s := range h.subscribe {
		h.wg.Add(1)
		go func() {
			defer h.wg.Done()
			h.serve(s)
		}()
	}
}

func handle(ev string) {}

// The events channel is fed from the network by readLoop.
func (h *Hub) readLoop(c net.Conn) {
	sc := bufio.NewScanner(c)
	for sc.Scan() {
		h.events <- sc.Text()
	}
}

// BAD: one goroutine per event read from the network, through a channel.
func (h *Hub) dispatch() {
	for ev := range h.events {
		go handle(ev) // want `goroutine started for every value received from h.events with no bound`
	}
}

type job struct{ key string }

func worker(key string, in <-chan job) {}

// Safe: one worker per distinct key; the key is inserted before the spawn.
func demux(jobs <-chan job) {
	queues := make(map[string]chan job)
	for j := range jobs {
		q, ok := queues[j.key]
		if !ok {
			q = make(chan job, 16)
			queues[j.key] = q
			go worker(j.key, q)
		}
		q <- j
	}
}

// BAD twin: the membership check does not insert the key, so every job of
// a new key starts a worker.
func demuxNoInsert(jobs <-chan job) {
	queues := make(map[string]chan job)
	for j := range jobs {
		if _, ok := queues[j.key]; !ok {
			q := make(chan job, 16)
			go worker(j.key, q) // want `goroutine started for every value received from jobs with no bound`
		}
	}
	_ = queues
}
