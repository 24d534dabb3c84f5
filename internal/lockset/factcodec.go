package lockset

import (
	"errors"

	"github.com/conclint/conclint/internal/factcodec"
)

// The encoded form of summary facts.
//
// Under the vet protocol every package re-exports the facts of its
// dependencies about methods, and every vet process decodes all of them
// before any analyzer runs, although a package consults the summaries of
// the few methods it calls: on grpc 298,000 summaries, 95% of them copies
// (docs/performance.md). So a summaryFact encodes itself compactly
// (internal/factcodec), and decoding only keeps the bytes: they are parsed
// when a caller imports the fact (summaryFact.summary) and re-exported as
// they are, so the encoding is paid once per summary, by the package that
// computes it.

// GobEncode implements gob.GobEncoder.
func (f *summaryFact) GobEncode() ([]byte, error) {
	if f.raw != nil {
		return f.raw, nil // a dependency's fact, re-exported
	}
	return encodeSummary(&f.S), nil
}

// GobDecode implements gob.GobDecoder: it keeps the bytes.
func (f *summaryFact) GobDecode(data []byte) error {
	if !factcodec.Valid(data) {
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

func encodeKey(e *factcodec.Encoder, k SumKey) {
	e.Uint(uint64(k.Base))
	e.Int(k.Index)
	e.String(k.Name)
	e.String(k.Path)
	e.String(k.Class)
}

func encodeKeys(e *factcodec.Encoder, ks []SumKey) {
	e.Uint(uint64(len(ks)))
	for _, k := range ks {
		encodeKey(e, k)
	}
}

func encodeAcquires(e *factcodec.Encoder, as []Acquire) {
	e.Uint(uint64(len(as)))
	for _, a := range as {
		encodeKey(e, a.Key)
		e.Uint(uint64(a.Mode))
		e.Bool(a.Must)
		e.Bool(a.OnSuccess)
		e.String(a.Where)
		e.Strings(a.Via)
		e.Bool(a.Reacquire)
	}
}

func encodeSummary(s *Summary) []byte {
	e := new(factcodec.Encoder)
	e.Bool(s.Unknown)
	encodeAcquires(e, s.Acquires)
	encodeKeys(e, s.Requires)
	encodeKeys(e, s.Releases)
	encodeKeys(e, s.MayRelease)
	encodeAcquires(e, s.HeldOnReturn)
	e.Uint(uint64(len(s.Edges)))
	for _, x := range s.Edges {
		encodeKey(e, x.From)
		encodeKey(e, x.To)
		e.String(x.FromClass)
		e.String(x.Class)
		e.String(x.Where)
	}
	e.Uint(uint64(len(s.Callbacks)))
	for _, c := range s.Callbacks {
		e.Int(c.Param)
		e.Uint(uint64(len(c.Held)))
		for _, h := range c.Held {
			e.String(h.Class)
			e.Uint(uint64(h.Mode))
			e.String(h.Where)
			encodeKey(e, h.Key)
			e.Bool(h.HasKey)
		}
		e.String(c.Where)
		e.Strings(c.Via)
	}
	e.Uint(uint64(len(s.Invokes)))
	for _, iv := range s.Invokes {
		e.String(iv.Iface)
		e.String(iv.Method)
		e.Int(iv.Param)
		e.String(iv.Where)
		e.Strings(iv.Via)
	}
	return e.Bytes()
}

func decodeKey(d *factcodec.Decoder) SumKey {
	return SumKey{Base: BaseKind(d.Uint()), Index: d.Int(), Name: d.String(), Path: d.String(), Class: d.String()}
}

func decodeKeys(d *factcodec.Decoder) []SumKey {
	n := d.Len()
	if n == 0 {
		return nil
	}
	out := make([]SumKey, n)
	for i := range out {
		out[i] = decodeKey(d)
	}
	return out
}

func decodeAcquires(d *factcodec.Decoder) []Acquire {
	n := d.Len()
	if n == 0 {
		return nil
	}
	out := make([]Acquire, n)
	for i := range out {
		a := &out[i]
		a.Key = decodeKey(d)
		a.Mode = Mode(d.Uint())
		a.Must = d.Bool()
		a.OnSuccess = d.Bool()
		a.Where = d.String()
		a.Via = d.Strings()
		a.Reacquire = d.Bool()
	}
	return out
}

func decodeSummary(data []byte) (Summary, error) {
	var s Summary
	d, err := factcodec.NewDecoder(data)
	if err != nil {
		return s, err
	}
	s.Unknown = d.Bool()
	s.Acquires = decodeAcquires(d)
	s.Requires = decodeKeys(d)
	s.Releases = decodeKeys(d)
	s.MayRelease = decodeKeys(d)
	s.HeldOnReturn = decodeAcquires(d)
	if n := d.Len(); n > 0 {
		s.Edges = make([]Edge, n)
		for i := range s.Edges {
			x := &s.Edges[i]
			x.From = decodeKey(d)
			x.To = decodeKey(d)
			x.FromClass = d.String()
			x.Class = d.String()
			x.Where = d.String()
		}
	}
	if n := d.Len(); n > 0 {
		s.Callbacks = make([]Callback, n)
		for i := range s.Callbacks {
			c := &s.Callbacks[i]
			c.Param = d.Int()
			if m := d.Len(); m > 0 {
				c.Held = make([]HeldClass, m)
				for j := range c.Held {
					h := &c.Held[j]
					h.Class = d.String()
					h.Mode = Mode(d.Uint())
					h.Where = d.String()
					h.Key = decodeKey(d)
					h.HasKey = d.Bool()
				}
			}
			c.Where = d.String()
			c.Via = d.Strings()
		}
	}
	if n := d.Len(); n > 0 {
		s.Invokes = make([]Invoke, n)
		for i := range s.Invokes {
			iv := &s.Invokes[i]
			iv.Iface = d.String()
			iv.Method = d.String()
			iv.Param = d.Int()
			iv.Where = d.String()
			iv.Via = d.Strings()
		}
	}
	if err := d.Err(); err != nil {
		return Summary{}, err
	}
	return s, nil
}
