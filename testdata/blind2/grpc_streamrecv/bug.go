// Package streamrecv models a bidirectional-streaming RPC handler that starts
// a goroutine pumping stream.Recv results into an unbuffered channel and
// multiplexes it with the handler's context. When the context is cancelled the
// handler returns, and the reader goroutine blocks forever on its next send
// because nothing receives from the channel any more.
package streamrecv

import (
	"context"
	"errors"
	"io"
	"time"
)

type LogEntry struct {
	Stream    string
	Timestamp time.Time
	Line      string
}

type PushAck struct {
	Accepted int
}

type PushStream interface {
	Context() context.Context
	Recv() (*LogEntry, error)
	Send(*PushAck) error
}

type Appender interface {
	Append(ctx context.Context, e *LogEntry) error
}

type Logger interface {
	Warn(msg string, kv ...any)
}

type recvResult struct {
	entry *LogEntry
	err   error
}

type IngestServer struct {
	appender    Appender
	logger      Logger
	ackInterval time.Duration
}

func NewIngestServer(a Appender, l Logger, ackEvery time.Duration) *IngestServer {
	return &IngestServer{appender: a, logger: l, ackInterval: ackEvery}
}

func (s *IngestServer) recvLoop(stream PushStream, out chan<- recvResult) {
	for {
		e, err := stream.Recv()
		out <- recvResult{entry: e, err: err} // WANT(goroutineleak)
		if err != nil {
			return
		}
	}
}

func (s *IngestServer) Push(stream PushStream) error {
	ctx := stream.Context()
	msgs := make(chan recvResult)
	go s.recvLoop(stream, msgs)

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
