package lockset

import (
	"bytes"
	"encoding/gob"
	"math/rand"
	"reflect"
	"testing"
)

// fill sets every exported field reachable from v to a random non-zero
// value, so that a field added to Summary and forgotten by the encoder
// fails TestSummaryFactRoundTrip.
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
			n = 0
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
		panic("fill: unhandled kind " + v.Kind().String() + "; teach encodeSummary the new field")
	}
}

func TestSummaryFactRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	formats := map[byte]int{}
	for i := 0; i < 200; i++ {
		var s Summary
		fill(r, reflect.ValueOf(&s).Elem(), 0)
		if i%7 == 0 {
			s = Summary{}
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(&summaryFact{S: s}); err != nil {
			t.Fatal(err)
		}
		var f summaryFact
		if err := gob.NewDecoder(&buf).Decode(&f); err != nil {
			t.Fatal(err)
		}
		got, err := f.summary()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, s) {
			t.Fatalf("round trip:\n got %#v\nwant %#v", got, s)
		}
		// Re-exported as it was decoded.
		raw, _ := f.GobEncode()
		formats[raw[0]]++
		if !bytes.Equal(raw, encodeSummary(&s)) {
			t.Fatalf("re-export changed the encoding")
		}
		// Truncated encodings are rejected, not misread.
		for n := 1; n < len(raw); n++ {
			if _, err := decodeSummary(raw[:n]); err == nil {
				t.Fatalf("truncated encoding (%d of %d bytes) accepted", n, len(raw))
			}
		}
	}
	if formats[factPlain] == 0 || formats[factFlate] == 0 {
		t.Errorf("encodings tested: %v, want both plain and compressed", formats)
	}
}
