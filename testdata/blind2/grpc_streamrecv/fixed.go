package streamrecv

import (
	"context"
	"errors"
	"io"
	"time"
)

type IngestServerFixed struct {
	appender    Appender
	logger      Logger
	ackInterval time.Duration
}

func NewIngestServerFixed(a Appender, l Logger, ackEvery time.Duration) *IngestServerFixed {
	return &IngestServerFixed{appender: a, logger: l, ackInterval: ackEvery}
}

func (s *IngestServerFixed) recvLoop(ctx context.Context, stream PushStream, out chan<- recvResult) {
	for {
		e, err := stream.Recv()
		select {
		case out <- recvResult{entry: e, err: err}:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
	}
}

func (s *IngestServerFixed) Push(stream PushStream) error {
	ctx, cancel := context.WithCancel(stream.Context())
	defer cancel()
	msgs := make(chan recvResult)
	go s.recvLoop(ctx, stream, msgs)

	ticker := time.NewTicker(s.ackInterval)
	defer ticker.Stop()
	accepted := 0
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
			if accepted == 0 {
				continue
			}
			if err := stream.Send(&PushAck{Accepted: accepted}); err != nil {
				return err
			}
			accepted = 0
		case r := <-msgs:
			if errors.Is(r.err, io.EOF) {
				return stream.Send(&PushAck{Accepted: accepted})
			}
			if r.err != nil {
				return r.err
			}
			if err := s.appender.Append(ctx, r.entry); err != nil {
				s.logger.Warn("append failed", "stream", r.entry.Stream, "err", err)
				continue
			}
			accepted++
		}
	}
}
