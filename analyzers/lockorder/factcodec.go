package lockorder

import (
	"github.com/conclint/conclint/internal/factcodec"
	"github.com/conclint/conclint/internal/lockset"
)

// An ordersFact carries up to maxFactEdges edges whose class, function
// and package names repeat from edge to edge; it is encoded compactly
// (internal/factcodec): 56 MB of gob on grpc otherwise.

// GobEncode implements gob.GobEncoder.
func (f *ordersFact) GobEncode() ([]byte, error) {
	e := new(factcodec.Encoder)
	e.Uint(uint64(len(f.Edges)))
	for _, x := range f.Edges {
		e.String(x.FromClass)
		e.String(x.Class)
		e.Uint(uint64(x.FromMode))
		e.Uint(uint64(x.Mode))
		e.Uint(uint64(len(x.Gates)))
		for _, g := range x.Gates {
			e.String(g.Class)
			e.Uint(uint64(g.Mode))
		}
		e.String(x.Fn)
		e.String(x.Where)
		e.String(x.Site)
		e.Strings(x.Via)
		e.Bool(x.Test)
		e.String(x.Pkg)
		e.String(x.Note)
		e.String(x.FlagGate)
		e.String(x.FlagWhere)
	}
	return e.Bytes(), nil
}

// GobDecode implements gob.GobDecoder.
func (f *ordersFact) GobDecode(data []byte) error {
	d, err := factcodec.NewDecoder(data)
	if err != nil {
		return err
	}
	f.Edges = nil
	if n := d.Len(); n > 0 {
		f.Edges = make([]edge, n)
		for i := range f.Edges {
			x := &f.Edges[i]
			x.FromClass = d.String()
			x.Class = d.String()
			x.FromMode = lockset.Mode(d.Uint())
			x.Mode = lockset.Mode(d.Uint())
			if m := d.Len(); m > 0 {
				x.Gates = make([]lockset.Gate, m)
				for j := range x.Gates {
					x.Gates[j] = lockset.Gate{Class: d.String(), Mode: lockset.Mode(d.Uint())}
				}
			}
			x.Fn = d.String()
			x.Where = d.String()
			x.Site = d.String()
			x.Via = d.Strings()
			x.Test = d.Bool()
			x.Pkg = d.String()
			x.Note = d.String()
			x.FlagGate = d.String()
			x.FlagWhere = d.String()
		}
	}
	if err := d.Err(); err != nil {
		f.Edges = nil
		return err
	}
	return nil
}
