package lockset

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"io"
	"sync"
)

// The encoded form of summary facts.
//
// Under the vet protocol every package re-exports the facts of its
// dependencies about methods, and every vet process decodes all of them
// before any analyzer runs, although a package consults the summaries of
// the few methods it calls. On grpc that was 300,000 summaries, 95% of
// them copies (docs/performance.md). So a summaryFact encodes itself
// (GobEncode) in a compact form: a table of the distinct strings of the
// summary (interface, class and function names and positions repeat
// within one), then the fields as varints referring to it, compressed
// with flate when that is shorter (names and positions share long
// prefixes). Decoding only keeps the bytes; they are parsed when the fact
// is imported by a caller (summaryFact.summary) and re-exported as they
// are, so compression is paid once per summary, by the package that
// computes it.

// The first byte of the encoding.
const (
	factPlain = 1
	factFlate = 2
)

// GobEncode implements gob.GobEncoder.
func (f *summaryFact) GobEncode() ([]byte, error) {
	if f.raw != nil {
		return f.raw, nil // a dependency's fact, re-exported
	}
	return encodeSummary(&f.S), nil
}

// GobDecode implements gob.GobDecoder: it keeps the bytes.
func (f *summaryFact) GobDecode(data []byte) error {
	if len(data) == 0 || data[0] != factPlain && data[0] != factFlate {
		return errors.New("lockset: summary fact of another format")
	}
	f.raw = append([]byte(nil), data...)
	return nil
}

// summary returns the fact's summary, parsing the encoded form of a
// dependency's fact. It does not modify f.
func (f *summaryFact) summary() (Summary, error) {
	if f.raw == nil {
		return f.S, nil
	}
	return decodeSummary(f.raw)
}

type sumEncoder struct {
	strs  map[string]int
	table []string
	body  []byte
}

func (e *sumEncoder) uint(n uint64) { e.body = binary.AppendUvarint(e.body, n) }
func (e *sumEncoder) int(n int)     { e.body = binary.AppendVarint(e.body, int64(n)) }

func (e *sumEncoder) bool(b bool) {
	if b {
		e.body = append(e.body, 1)
	} else {
		e.body = append(e.body, 0)
	}
}

func (e *sumEncoder) str(s string) {
	i, ok := e.strs[s]
	if !ok {
		i = len(e.table)
		e.strs[s] = i
		e.table = append(e.table, s)
	}
	e.uint(uint64(i))
}

func (e *sumEncoder) strList(ss []string) {
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *sumEncoder) key(k SumKey) {
	e.uint(uint64(k.Base))
	e.int(k.Index)
	e.str(k.Name)
	e.str(k.Path)
	e.str(k.Class)
}

func (e *sumEncoder) keys(ks []SumKey) {
	e.uint(uint64(len(ks)))
	for _, k := range ks {
		e.key(k)
	}
}

func (e *sumEncoder) acquires(as []Acquire) {
	e.uint(uint64(len(as)))
	for _, a := range as {
		e.key(a.Key)
		e.uint(uint64(a.Mode))
		e.bool(a.Must)
		e.bool(a.OnSuccess)
		e.str(a.Where)
		e.strList(a.Via)
		e.bool(a.Reacquire)
	}
}

func encodeSummary(s *Summary) []byte {
	e := &sumEncoder{strs: map[string]int{}}
	e.bool(s.Unknown)
	e.acquires(s.Acquires)
	e.keys(s.Requires)
	e.keys(s.Releases)
	e.keys(s.MayRelease)
	e.acquires(s.HeldOnReturn)
	e.uint(uint64(len(s.Edges)))
	for _, x := range s.Edges {
		e.key(x.From)
		e.key(x.To)
		e.str(x.FromClass)
		e.str(x.Class)
		e.str(x.Where)
	}
	e.uint(uint64(len(s.Callbacks)))
	for _, c := range s.Callbacks {
		e.int(c.Param)
		e.uint(uint64(len(c.Held)))
		for _, h := range c.Held {
			e.str(h.Class)
			e.uint(uint64(h.Mode))
			e.str(h.Where)
			e.key(h.Key)
			e.bool(h.HasKey)
		}
		e.str(c.Where)
		e.strList(c.Via)
	}
	e.uint(uint64(len(s.Invokes)))
	for _, iv := range s.Invokes {
		e.str(iv.Iface)
		e.str(iv.Method)
		e.int(iv.Param)
		e.str(iv.Where)
		e.strList(iv.Via)
	}
	out := []byte{factPlain}
	out = binary.AppendUvarint(out, uint64(len(e.table)))
	for _, s := range e.table {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	out = append(out, e.body...)
	if len(out) < 128 {
		return out
	}
	z := compress(out[1:])
	if len(z)+1 >= len(out) {
		return out
	}
	return append([]byte{factFlate}, z...)
}

var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

var flateReaders sync.Pool

func compress(data []byte) []byte {
	var buf bytes.Buffer
	w := flateWriters.Get().(*flate.Writer)
	w.Reset(&buf)
	w.Write(data)
	w.Close()
	flateWriters.Put(w)
	return buf.Bytes()
}

func decompress(data []byte) ([]byte, error) {
	r, _ := flateReaders.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReader(bytes.NewReader(data))
	} else if err := r.(flate.Resetter).Reset(bytes.NewReader(data), nil); err != nil {
		return nil, err
	}
	out, err := io.ReadAll(r)
	flateReaders.Put(r)
	return out, err
}

type sumDecoder struct {
	data  []byte
	table []string
	err   error
}

var errBadFact = errors.New("lockset: malformed summary fact")

func (d *sumDecoder) uint() uint64 {
	n, k := binary.Uvarint(d.data)
	if k <= 0 {
		d.err, d.data = errBadFact, nil
		return 0
	}
	d.data = d.data[k:]
	return n
}

// len reads a length, bounded by the bytes left (each element takes at
// least one), so a malformed fact cannot make a huge allocation.
func (d *sumDecoder) len() int {
	n := d.uint()
	if n > uint64(len(d.data)) {
		d.err, d.data = errBadFact, nil
		return 0
	}
	return int(n)
}

func (d *sumDecoder) int() int {
	n, k := binary.Varint(d.data)
	if k <= 0 {
		d.err, d.data = errBadFact, nil
		return 0
	}
	d.data = d.data[k:]
	return int(n)
}

func (d *sumDecoder) bool() bool { return d.uint() != 0 }

func (d *sumDecoder) str() string {
	i := d.uint()
	if i >= uint64(len(d.table)) {
		d.err, d.data = errBadFact, nil
		return ""
	}
	return d.table[i]
}

func (d *sumDecoder) strs() []string {
	n := d.len()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *sumDecoder) key() SumKey {
	return SumKey{Base: BaseKind(d.uint()), Index: d.int(), Name: d.str(), Path: d.str(), Class: d.str()}
}

func (d *sumDecoder) keys() []SumKey {
	n := d.len()
	if n == 0 {
		return nil
	}
	out := make([]SumKey, n)
	for i := range out {
		out[i] = d.key()
	}
	return out
}

func (d *sumDecoder) acquires() []Acquire {
	n := d.len()
	if n == 0 {
		return nil
	}
	out := make([]Acquire, n)
	for i := range out {
		a := &out[i]
		a.Key = d.key()
		a.Mode = Mode(d.uint())
		a.Must = d.bool()
		a.OnSuccess = d.bool()
		a.Where = d.str()
		a.Via = d.strs()
		a.Reacquire = d.bool()
	}
	return out
}

func decodeSummary(data []byte) (Summary, error) {
	var s Summary
	if len(data) == 0 {
		return s, errBadFact
	}
	switch data[0] {
	case factPlain:
		data = data[1:]
	case factFlate:
		var err error
		if data, err = decompress(data[1:]); err != nil {
			return s, errBadFact
		}
	default:
		return s, errBadFact
	}
	d := &sumDecoder{data: data}
	n := d.len()
	d.table = make([]string, n)
	for i := range d.table {
		l := d.len()
		if d.err != nil {
			return s, d.err
		}
		d.table[i] = string(d.data[:l])
		d.data = d.data[l:]
	}
	s.Unknown = d.bool()
	s.Acquires = d.acquires()
	s.Requires = d.keys()
	s.Releases = d.keys()
	s.MayRelease = d.keys()
	s.HeldOnReturn = d.acquires()
	if n := d.len(); n > 0 {
		s.Edges = make([]Edge, n)
		for i := range s.Edges {
			x := &s.Edges[i]
			x.From = d.key()
			x.To = d.key()
			x.FromClass = d.str()
			x.Class = d.str()
			x.Where = d.str()
		}
	}
	if n := d.len(); n > 0 {
		s.Callbacks = make([]Callback, n)
		for i := range s.Callbacks {
			c := &s.Callbacks[i]
			c.Param = d.int()
			if m := d.len(); m > 0 {
				c.Held = make([]HeldClass, m)
				for j := range c.Held {
					h := &c.Held[j]
					h.Class = d.str()
					h.Mode = Mode(d.uint())
					h.Where = d.str()
					h.Key = d.key()
					h.HasKey = d.bool()
				}
			}
			c.Where = d.str()
			c.Via = d.strs()
		}
	}
	if n := d.len(); n > 0 {
		s.Invokes = make([]Invoke, n)
		for i := range s.Invokes {
			iv := &s.Invokes[i]
			iv.Iface = d.str()
			iv.Method = d.str()
			iv.Param = d.int()
			iv.Where = d.str()
			iv.Via = d.strs()
		}
	}
	if d.err == nil && len(d.data) != 0 {
		d.err = errBadFact
	}
	if d.err != nil {
		return Summary{}, d.err
	}
	return s, nil
}
