// Package codectest helps test fact types encoded with factcodec.
package codectest

import (
	"math/rand"
	"reflect"
)

// Fill sets every exported field reachable from v (a settable value) to
// random non-zero values, so that a field added to a fact type and
// forgotten by its encoder fails a round-trip test. It panics on kinds it
// does not know (teach it and the encoder together).
func Fill(r *rand.Rand, v reflect.Value) { fill(r, v, 0) }

func fill(r *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(r.Intn(2000) - 1))
	case reflect.Uint8:
		v.SetUint(uint64(1 + r.Intn(3)))
	case reflect.String:
		words := []string{"a.go:12", "pkg.T.mu", "p0.mu", "…", "example.com/x.I", ""}
		v.SetString(words[r.Intn(len(words))] + string(rune('a'+r.Intn(3))))
	case reflect.Slice:
		n := 1 + r.Intn(3)
		if depth > 3 {
			return
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			fill(r, s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), depth+1)
			}
		}
	default:
		panic("codectest.Fill: unhandled kind " + v.Kind().String())
	}
}
