package lockset

import (
	"bytes"
	"encoding/gob"
	"math/rand"
	"reflect"
	"testing"

	"github.com/conclint/conclint/internal/factcodec/codectest"
)

func TestSummaryFactRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	formats := map[byte]int{}
	for i := 0; i < 200; i++ {
		var s Summary
		if i%7 != 0 {
			codectest.Fill(r, reflect.ValueOf(&s).Elem())
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
		if !bytes.Equal(raw, encodeSummary(&s)) {
			t.Fatalf("re-export changed the encoding")
		}
		formats[raw[0]]++
		// Truncated encodings are rejected, not misread.
		for n := 1; n < len(raw); n++ {
			if _, err := decodeSummary(raw[:n]); err == nil {
				t.Fatalf("truncated encoding (%d of %d bytes) accepted", n, len(raw))
			}
		}
	}
	if formats[1] == 0 || formats[2] == 0 {
		t.Errorf("encodings tested: %v, want both plain (1) and compressed (2)", formats)
	}
}
