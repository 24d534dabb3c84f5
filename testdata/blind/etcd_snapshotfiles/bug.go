// Package etcdsnapshotfiles models a snapshot sender that reads member data
// files on parallel goroutines feeding one output channel, closed by a
// `wg.Wait(); close(out)` goroutine. A reader that fails to open its file
// returns before its deferred Done is registered, so the closer waits forever
// and the consumer ranging over the channel never finishes.
package etcdsnapshotfiles

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"sync"
)

// FS is the member data directory.
type FS interface {
	Open(name string) (io.ReadCloser, error)
}

// Logger is the injected logger.
type Logger interface {
	Errorf(format string, args ...any)
}

// Chunk is a piece of a snapshot file.
type Chunk struct {
	File   string
	Offset int64
	Data   []byte
}

// Uploader sends chunks to the receiving member.
type Uploader interface {
	Upload(ctx context.Context, c Chunk) error
}

// SnapshotSender streams the data directory to a new member.
type SnapshotSender struct {
	fs        FS
	log       Logger
	uploader  Uploader
	chunkSize int
}

// NewSnapshotSender returns a sender using chunks of chunkSize bytes.
func NewSnapshotSender(fs FS, log Logger, u Uploader, chunkSize int) *SnapshotSender {
	return &SnapshotSender{fs: fs, log: log, uploader: u, chunkSize: chunkSize}
}

func (s *SnapshotSender) readChunks(ctx context.Context, files []string) <-chan Chunk {
	out := make(chan Chunk)
	var wg sync.WaitGroup
	for _, name := range files {
		wg.Add(1)
		go func() {
			f, err := s.fs.Open(name)
			if err != nil {
				s.log.Errorf("snapshot: open %s: %v", name, err)
				return
			}
			defer wg.Done()
			defer f.Close()
			var off int64
			for {
				buf := make([]byte, s.chunkSize)
				n, err := io.ReadFull(f, buf)
				if n > 0 {
					select {
					case out <- Chunk{File: name, Offset: off, Data: buf[:n]}:
					case <-ctx.Done():
						return
					}
					off += int64(n)
				}
				if err != nil {
					if err != io.EOF && err != io.ErrUnexpectedEOF {
						s.log.Errorf("snapshot: read %s: %v", name, err)
					}
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait() // WANT(goroutineleak)
		close(out)
	}()
	return out
}

// Send uploads every chunk of files and returns a digest of what was sent.
func (s *SnapshotSender) Send(ctx context.Context, files []string) ([]byte, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	h := sha256.New()
	var sent int
	for c := range s.readChunks(ctx, files) { // WANT(goroutineleak)
		if err := s.uploader.Upload(ctx, c); err != nil {
			return nil, fmt.Errorf("snapshot: upload %s@%d: %w", c.File, c.Offset, err)
		}
		h.Write(c.Data)
		sent++
	}
	if sent == 0 {
		return nil, fmt.Errorf("snapshot: no data sent")
	}
	return h.Sum(nil), nil
}
