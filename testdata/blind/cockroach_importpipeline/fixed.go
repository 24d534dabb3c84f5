package cockroachimportpipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Each fixed stage selects on a shared done channel for every send, and the
// importer closes it as soon as any stage fails, so upstream stages exit.

type readStageFixed struct {
	src  RowSource
	out  chan Row
	done <-chan struct{}
	err  error
}

func (s *readStageFixed) run() {
	defer close(s.out)
	for {
		row, err := s.src.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			s.err = err
			return
		}
		select {
		case s.out <- row:
		case <-s.done:
			return
		}
	}
}

type convertStageFixed struct {
	convertStage
	done <-chan struct{}
}

func (s *convertStageFixed) run() error {
	defer close(s.out)
	for row := range s.in {
		kv, err := s.encode(row)
		if err != nil {
			return err
		}
		select {
		case s.out <- kv:
		case <-s.done:
			return nil
		}
	}
	return nil
}

type ingestStageFixed struct {
	in        <-chan KV
	sink      KVSink
	batchSize int
}

// run consumes its input to the end even after a sink error, so the
// converter never blocks on a send to it.
func (s *ingestStageFixed) run(ctx context.Context, abort func()) error {
	var firstErr error
	batch := make([]KV, 0, s.batchSize)
	for kv := range s.in {
		if firstErr != nil {
			continue
		}
		batch = append(batch, kv)
		if len(batch) == s.batchSize {
			if err := s.sink.AddBatch(ctx, batch); err != nil {
				firstErr = err
				abort()
				continue
			}
			batch = batch[:0]
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if len(batch) > 0 {
		if err := s.sink.AddBatch(ctx, batch); err != nil {
			return err
		}
	}
	return s.sink.Flush(ctx)
}

// ImporterFixed runs the IMPORT pipeline for one table.
type ImporterFixed struct {
	table     string
	columns   int
	batchSize int
	sink      KVSink
}

// Import reads src to completion and ingests it.
func (imp *ImporterFixed) Import(ctx context.Context, src RowSource) error {
	done := make(chan struct{})
	var stopOnce sync.Once
	stop := func() { stopOnce.Do(func() { close(done) }) }

	reader := &readStageFixed{src: src, out: make(chan Row), done: done}
	conv := &convertStageFixed{
		convertStage: convertStage{table: imp.table, columns: imp.columns, in: reader.out, out: make(chan KV)},
		done:         done,
	}
	ingest := &ingestStageFixed{in: conv.out, sink: imp.sink, batchSize: imp.batchSize}

	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		reader.run()
	}()
	convErr := make(chan error, 1)
	go func() {
		err := conv.run()
		if err != nil {
			stop()
		}
		convErr <- err
	}()

	ingestErr := ingest.run(ctx, stop)
	cerr := <-convErr
	stop()
	<-readerDone

	if cerr != nil {
		return fmt.Errorf("import %s: %w", imp.table, cerr)
	}
	if ingestErr != nil {
		return fmt.Errorf("import %s: %w", imp.table, ingestErr)
	}
	return reader.err
}
