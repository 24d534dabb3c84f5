package main

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/analyzers"
)

// vetxSizes is the facts report: for the vet.cfg files of a go vet -work
// directory, the size of each package's vetx file (export data and facts)
// and, per fact type, the gob size and count of the facts it carries,
// those about the package's own objects and those re-exported from its
// dependencies.
type vetxSizes struct {
	Packages  int
	Types     int64 // bytes of export data, all packages
	Facts     int64 // bytes of facts, all packages
	Largest   []pkgVetx
	FactTypes []factTypeSize
}

type pkgVetx struct {
	ID           string
	VetxOnly     bool
	Types, Facts int64
}

type factTypeSize struct {
	Type       string
	Count      int   // facts of this type, all packages
	Reexported int   // of which about objects of other packages
	Zero       int   // of which hold the zero value (an empty summary)
	Bytes      int64 // gob size of these facts, each type encoded on its own per package
	ZeroBytes  int64 // gob size of the zero-valued ones
}

// gobFact mirrors golang.org/x/tools/internal/facts' encoding of one fact.
type gobFact struct {
	PkgPath string
	Object  string
	Fact    analysis.Fact
}

// registerFactTypes registers every fact type of the suite with gob, as
// unitchecker does, so that vetx files can be decoded.
func registerFactTypes() {
	seen := make(map[*analysis.Analyzer]bool)
	var walk func(a *analysis.Analyzer)
	walk = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
		for _, r := range a.Requires {
			walk(r)
		}
	}
	for _, a := range analyzers.Analyzers() {
		walk(a)
	}
}

// measureVetx reads the vet configs under work (a go vet -work directory).
func measureVetx(work string, top int) (*vetxSizes, error) {
	registerFactTypes()
	cfgs, err := filepath.Glob(filepath.Join(work, "*", "vet.cfg"))
	if err != nil {
		return nil, err
	}
	res := &vetxSizes{}
	byType := make(map[string]*factTypeSize)
	for _, cfgFile := range cfgs {
		data, err := os.ReadFile(cfgFile)
		if err != nil {
			return nil, err
		}
		var cfg struct {
			ID, ImportPath, VetxOutput string
			VetxOnly                   bool
		}
		if err := json.Unmarshal(data, &cfg); err != nil {
			return nil, fmt.Errorf("%s: %w", cfgFile, err)
		}
		vetx, err := os.ReadFile(cfg.VetxOutput)
		if err != nil || len(vetx) < 12 || string(vetx[:4]) != "vetx" {
			continue // cached (the go command did not run the tool) or failed
		}
		typesLen := int64(binary.LittleEndian.Uint32(vetx[4:8]))
		factsLen := int64(binary.LittleEndian.Uint32(vetx[8:12]))
		if 12+typesLen+factsLen > int64(len(vetx)) {
			return nil, fmt.Errorf("%s: bad vetx header", cfg.VetxOutput)
		}
		res.Packages++
		res.Types += typesLen
		res.Facts += factsLen
		res.Largest = append(res.Largest, pkgVetx{cfg.ID, cfg.VetxOnly, typesLen, factsLen})
		if factsLen == 0 {
			continue
		}
		var facts []gobFact
		if err := gob.NewDecoder(bytes.NewReader(vetx[12+typesLen : 12+typesLen+factsLen])).Decode(&facts); err != nil {
			return nil, fmt.Errorf("%s: decoding facts: %w", cfg.ID, err)
		}
		split := make(map[string][]gobFact)
		for _, f := range facts {
			t := reflect.TypeOf(f.Fact).String()
			split[t] = append(split[t], f)
			s := byType[t]
			if s == nil {
				s = &factTypeSize{Type: t}
				byType[t] = s
			}
			s.Count++
			if f.PkgPath != cfg.ImportPath {
				s.Reexported++
			}
			if v := reflect.ValueOf(f.Fact); v.Kind() == reflect.Pointer && v.Elem().IsZero() {
				s.Zero++
				split[t+" (zero)"] = append(split[t+" (zero)"], f)
			}
		}
		for t, fs := range split {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(fs); err != nil {
				return nil, fmt.Errorf("%s: encoding %s facts: %w", cfg.ID, t, err)
			}
			if base, ok := strings.CutSuffix(t, " (zero)"); ok {
				byType[base].ZeroBytes += int64(buf.Len())
			} else {
				byType[t].Bytes += int64(buf.Len())
			}
		}
	}
	slices.SortFunc(res.Largest, func(a, b pkgVetx) int { return int(b.Facts - a.Facts) })
	if len(res.Largest) > top {
		res.Largest = res.Largest[:top]
	}
	for _, s := range byType {
		res.FactTypes = append(res.FactTypes, *s)
	}
	slices.SortFunc(res.FactTypes, func(a, b factTypeSize) int { return int(b.Bytes - a.Bytes) })
	return res, nil
}

func (v *vetxSizes) print() {
	fmt.Printf("%d packages analysed; vetx files: %s of export data, %s of facts\n\n", v.Packages, kb(v.Types), kb(v.Facts))
	fmt.Printf("| fact type | facts | re-exported | zero-valued | gob size | of which zero-valued |\n|---|---:|---:|---:|---:|---:|\n")
	for _, s := range v.FactTypes {
		fmt.Printf("| %s | %d | %d | %d | %s | %s |\n", strings.TrimPrefix(s.Type, "*"), s.Count, s.Reexported, s.Zero, kb(s.Bytes), kb(s.ZeroBytes))
	}
	fmt.Printf("\n| package (largest facts) | facts-only | export data | facts |\n|---|---|---:|---:|\n")
	for _, p := range v.Largest {
		fmt.Printf("| %s | %v | %s | %s |\n", p.ID, p.VetxOnly, kb(p.Types), kb(p.Facts))
	}
}

func kb(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
}
