// Package webhookdispatch models a webhook dispatcher that consumes events
// from a message-queue subscription channel and starts one goroutine per event
// to POST it to the subscriber's endpoint. Nothing bounds the number of
// in-flight deliveries, so a backlog on the stream or a slow endpoint turns
// into an unbounded number of goroutines and open HTTP requests.
package webhookdispatch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

type Event struct {
	ID        string          `json:"id"`
	Type      string          `json:"type"`
	Endpoint  string          `json:"-"`
	Payload   json.RawMessage `json:"payload"`
	Timestamp time.Time       `json:"timestamp"`
}

type Delivery interface {
	Event() Event
	Ack() error
	Nak(delay time.Duration) error
}

type Consumer interface {
	Messages() <-chan Delivery
}

type HTTPDoer interface {
	Do(req *http.Request) (*http.Response, error)
}

type Metrics interface {
	ObserveDelivery(eventType string, status int, d time.Duration)
}

type Dispatcher struct {
	consumer Consumer
	client   HTTPDoer
	metrics  Metrics
	timeout  time.Duration
	now      func() time.Time

	wg sync.WaitGroup
}

func NewDispatcher(c Consumer, client HTTPDoer, m Metrics, timeout time.Duration) *Dispatcher {
	return &Dispatcher{consumer: c, client: client, metrics: m, timeout: timeout, now: time.Now}
}

func (d *Dispatcher) Run(ctx context.Context) error {
	msgs := d.consumer.Messages()
	for {
		select {
		case <-ctx.Done():
			d.wg.Wait()
			return ctx.Err()
		case m, ok := <-msgs:
			if !ok {
				d.wg.Wait()
				return nil
			}
			d.wg.Add(1)
			go d.deliver(ctx, m) // WANT(unboundedgo)
		}
	}
}

func (d *Dispatcher) deliver(ctx context.Context, m Delivery) {
	defer d.wg.Done()
	ev := m.Event()
	status, err := d.post(ctx, ev)
	if err != nil || status >= 500 {
		_ = m.Nak(5 * time.Second)
		return
	}
	_ = m.Ack()
}

func (d *Dispatcher) post(ctx context.Context, ev Event) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	body, err := json.Marshal(ev)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ev.Endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Webhook-Event", ev.Type)
	start := d.now()
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("deliver %s: %w", ev.ID, err)
	}
	defer resp.Body.Close()
	d.metrics.ObserveDelivery(ev.Type, resp.StatusCode, d.now().Sub(start))
	return resp.StatusCode, nil
}
