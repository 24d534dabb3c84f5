// Package embed declares types whose methods come from sync and testing,
// for package calls to use without importing those packages.
package embed

import (
	"sync"
	"testing"
)

type Guarded struct {
	sync.Mutex
	N int
}

type T struct{ *testing.T }
