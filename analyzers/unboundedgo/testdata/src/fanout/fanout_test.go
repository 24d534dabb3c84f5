package fanout

import (
	"context"
	"testing"
)

// SAFE by default: tests control their fixtures (see -unboundedgo.tests).
func TestRender(t *testing.T) {
	th := &Thumbnailer{}
	for _, it := range loadFixtures() {
		go th.render(context.Background(), it)
	}
}

func loadFixtures() []Item { return nil }
