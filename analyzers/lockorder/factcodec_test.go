package lockorder

import (
	"bytes"
	"encoding/gob"
	"math/rand"
	"reflect"
	"testing"

	"github.com/conclint/conclint/internal/factcodec/codectest"
)

func TestOrdersFactRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 100; i++ {
		var f ordersFact
		if i%7 != 0 {
			codectest.Fill(r, reflect.ValueOf(&f).Elem())
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(&f); err != nil {
			t.Fatal(err)
		}
		var got ordersFact
		if err := gob.NewDecoder(&buf).Decode(&got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, f) {
			t.Fatalf("round trip:\n got %#v\nwant %#v", got, f)
		}
		raw, _ := f.GobEncode()
		for n := 1; n < len(raw); n++ {
			if err := new(ordersFact).GobDecode(raw[:n]); err == nil {
				t.Fatalf("truncated encoding (%d of %d bytes) accepted", n, len(raw))
			}
		}
	}
}
