package etcdsnapshotfiles

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"sync"
)

// SnapshotSenderFixed streams the data directory to a new member.
type SnapshotSenderFixed struct {
	fs        FS
	log       Logger
	uploader  Uploader
	chunkSize int
}

func (s *SnapshotSenderFixed) readChunks(ctx context.Context, files []string) <-chan Chunk {
	out := make(chan Chunk)
	var wg sync.WaitGroup
	for _, name := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := s.fs.Open(name)
			if err != nil {
				s.log.Errorf("snapshot: open %s: %v", name, err)
				return
			}
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
		wg.Wait()
		close(out)
	}()
	return out
}

// Send uploads every chunk of files and returns a digest of what was sent.
func (s *SnapshotSenderFixed) Send(ctx context.Context, files []string) ([]byte, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	h := sha256.New()
	var sent int
	for c := range s.readChunks(ctx, files) {
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
