// Package factcodec is a compact encoding for analysis facts that are
// large or numerous (the lock engine's summaries, lockorder's edges).
//
// Under the vet protocol each package's facts file carries, besides its
// own facts, those of its dependencies about methods, and every vet
// process gob-decodes all of them before any analyzer runs. A fact type
// that implements gob.GobEncoder with this package writes a table of its
// distinct strings (class, function and interface names and positions
// repeat within one fact) and its fields as varints referring to it,
// flate-compressed when that is shorter (the names share long prefixes).
// Its GobDecode can keep the bytes and parse them only when an analyzer
// reads the fact, and re-export them unchanged.
package factcodec

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"io"
	"sync"
)

// The first byte of an encoding.
const (
	plain      = 1
	compressed = 2
)

// ErrMalformed is returned for bytes this package did not produce.
var ErrMalformed = errors.New("factcodec: malformed fact encoding")

// Valid reports whether data starts like an encoding of this package
// (a cheap check for GobDecode).
func Valid(data []byte) bool {
	return len(data) > 0 && (data[0] == plain || data[0] == compressed)
}

// An Encoder accumulates a fact's fields.
type Encoder struct {
	index map[string]int
	table []string
	body  []byte
}

func (e *Encoder) Uint(n uint64) { e.body = binary.AppendUvarint(e.body, n) }
func (e *Encoder) Int(n int)     { e.body = binary.AppendVarint(e.body, int64(n)) }

func (e *Encoder) Bool(b bool) {
	if b {
		e.body = append(e.body, 1)
	} else {
		e.body = append(e.body, 0)
	}
}

// String writes s as an index into the fact's string table.
func (e *Encoder) String(s string) {
	if e.index == nil {
		e.index = make(map[string]int)
	}
	i, ok := e.index[s]
	if !ok {
		i = len(e.table)
		e.index[s] = i
		e.table = append(e.table, s)
	}
	e.Uint(uint64(i))
}

// Strings writes a length and the strings.
func (e *Encoder) Strings(ss []string) {
	e.Uint(uint64(len(ss)))
	for _, s := range ss {
		e.String(s)
	}
}

// Bytes returns the encoding: the string table, then the fields.
func (e *Encoder) Bytes() []byte {
	out := []byte{plain}
	out = binary.AppendUvarint(out, uint64(len(e.table)))
	for _, s := range e.table {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	out = append(out, e.body...)
	if len(out) < 128 {
		return out
	}
	if z, ok := compress(out[1:]); ok && len(z) < len(out) {
		return z
	}
	return out
}

var writers = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

var readers sync.Pool

// compress returns the compressed encoding of data (ok false if the
// compressor failed: the caller keeps data as it is).
//
// The pools above are caches of stateless codecs (a flate writer holds
// about 600 KB of tables), not shared state: what one call leaves in a
// writer is reset by the next.
func compress(data []byte) ([]byte, bool) {
	buf := bytes.NewBuffer([]byte{compressed})
	w := writers.Get().(*flate.Writer)
	w.Reset(buf)
	_, err := w.Write(data)
	if err == nil {
		err = w.Close()
	}
	writers.Put(w)
	return buf.Bytes(), err == nil
}

func decompress(data []byte) ([]byte, error) {
	r, _ := readers.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReader(bytes.NewReader(data))
	} else if err := r.(flate.Resetter).Reset(bytes.NewReader(data), nil); err != nil {
		return nil, err
	}
	out, err := io.ReadAll(r)
	readers.Put(r)
	return out, err
}

// A Decoder reads the fields back in the order they were written. After
// an error every read returns a zero value; Err reports it.
type Decoder struct {
	data  []byte
	table []string
	err   error
}

// NewDecoder reads the string table of an encoding.
func NewDecoder(data []byte) (*Decoder, error) {
	if !Valid(data) {
		return nil, ErrMalformed
	}
	d := &Decoder{data: data[1:]}
	if data[0] == compressed {
		var err error
		if d.data, err = decompress(d.data); err != nil {
			return nil, ErrMalformed
		}
	}
	n := d.Len()
	d.table = make([]string, n)
	for i := range d.table {
		l := d.Len()
		if d.err != nil {
			return nil, d.err
		}
		d.table[i] = string(d.data[:l])
		d.data = d.data[l:]
	}
	return d, nil
}

func (d *Decoder) fail() {
	d.err, d.data = ErrMalformed, nil
}

func (d *Decoder) Uint() uint64 {
	n, k := binary.Uvarint(d.data)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.data = d.data[k:]
	return n
}

// Len reads a length, bounded by the bytes left (every element written
// takes at least one), so malformed input cannot make a large allocation.
func (d *Decoder) Len() int {
	n := d.Uint()
	if n > uint64(len(d.data)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *Decoder) Int() int {
	n, k := binary.Varint(d.data)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.data = d.data[k:]
	return int(n)
}

func (d *Decoder) Bool() bool { return d.Uint() != 0 }

func (d *Decoder) String() string {
	i := d.Uint()
	if i >= uint64(len(d.table)) {
		d.fail()
		return ""
	}
	return d.table[i]
}

// Strings reads a length and the strings (nil for none).
func (d *Decoder) Strings() []string {
	n := d.Len()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.String()
	}
	return out
}

// Err reports a malformed encoding, including bytes left over.
func (d *Decoder) Err() error {
	if d.err == nil && len(d.data) != 0 {
		return ErrMalformed
	}
	return d.err
}
