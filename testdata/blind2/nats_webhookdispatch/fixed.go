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

type DispatcherFixed struct {
	consumer    Consumer
	client      HTTPDoer
	metrics     Metrics
	timeout     time.Duration
	now         func() time.Time
	concurrency int

	wg sync.WaitGroup
}

func NewDispatcherFixed(c Consumer, client HTTPDoer, m Metrics, timeout time.Duration, concurrency int) *DispatcherFixed {
	if concurrency <= 0 {
		concurrency = 16
	}
	return &DispatcherFixed{consumer: c, client: client, metrics: m, timeout: timeout, now: time.Now, concurrency: concurrency}
}

func (d *DispatcherFixed) Run(ctx context.Context) error {
	msgs := d.consumer.Messages()
	sem := make(chan struct{}, d.concurrency)
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
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				_ = m.Nak(0)
				d.wg.Wait()
				return ctx.Err()
			}
			d.wg.Add(1)
			go func() {
				defer func() { <-sem }()
				d.deliver(ctx, m)
			}()
		}
	}
}

func (d *DispatcherFixed) deliver(ctx context.Context, m Delivery) {
	defer d.wg.Done()
	ev := m.Event()
	status, err := d.post(ctx, ev)
	if err != nil || status >= 500 {
		_ = m.Nak(5 * time.Second)
		return
	}
	_ = m.Ack()
}

func (d *DispatcherFixed) post(ctx context.Context, ev Event) (int, error) {
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
