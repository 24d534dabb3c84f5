// Package cockroachimportpipeline models an IMPORT pipeline built from stage
// structs whose input and output channels are fields. When the conversion
// stage hits a malformed row it returns its error and stops reading, and the
// reader stage, which has no way to learn that, blocks forever sending the
// next row on its output channel.
package cockroachimportpipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Row is a raw CSV record.
type Row struct {
	Line   int
	Fields []string
}

// KV is an encoded key/value ready for ingestion.
type KV struct {
	Key   []byte
	Value []byte
}

// RowSource yields rows; it returns io.EOF at the end.
type RowSource interface {
	Next() (Row, error)
}

// KVSink ingests encoded batches.
type KVSink interface {
	AddBatch(ctx context.Context, kvs []KV) error
	Flush(ctx context.Context) error
}

type readStage struct {
	src RowSource
	out chan Row
	err error
}

func (s *readStage) run() {
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
		s.out <- row // WANT(goroutineleak)
	}
}

type convertStage struct {
	table   string
	columns int
	in      <-chan Row
	out     chan KV
}

func (s *convertStage) encode(r Row) (KV, error) {
	if len(r.Fields) != s.columns {
		return KV{}, fmt.Errorf("row %d: expected %d fields, got %d", r.Line, s.columns, len(r.Fields))
	}
	id, err := strconv.ParseInt(r.Fields[0], 10, 64)
	if err != nil {
		return KV{}, fmt.Errorf("row %d: parsing primary key: %w", r.Line, err)
	}
	key := fmt.Appendf(nil, "/Table/%s/1/%d", s.table, id)
	return KV{Key: key, Value: []byte(strings.Join(r.Fields[1:], "\x00"))}, nil
}

func (s *convertStage) run() error {
	defer close(s.out)
	for row := range s.in {
		kv, err := s.encode(row)
		if err != nil {
			return err
		}
		s.out <- kv
	}
	return nil
}

type ingestStage struct {
	in        <-chan KV
	sink      KVSink
	batchSize int
}

func (s *ingestStage) run(ctx context.Context) error {
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

// Importer runs the IMPORT pipeline for one table.
type Importer struct {
	table     string
	columns   int
	batchSize int
	sink      KVSink
}

// NewImporter returns an importer.
func NewImporter(table string, columns, batchSize int, sink KVSink) *Importer {
	return &Importer{table: table, columns: columns, batchSize: batchSize, sink: sink}
}

// Import reads src to completion and ingests it.
func (imp *Importer) Import(ctx context.Context, src RowSource) error {
	reader := &readStage{src: src, out: make(chan Row)}
	conv := &convertStage{table: imp.table, columns: imp.columns, in: reader.out, out: make(chan KV)}
	ingest := &ingestStage{in: conv.out, sink: imp.sink, batchSize: imp.batchSize}

	go reader.run()
	convErr := make(chan error, 1)
	go func() { convErr <- conv.run() }()

	ingestErr := ingest.run(ctx)
	if err := <-convErr; err != nil {
		return fmt.Errorf("import %s: %w", imp.table, err)
	}
	if ingestErr != nil {
		return fmt.Errorf("import %s: %w", imp.table, ingestErr)
	}
	return reader.err
}
