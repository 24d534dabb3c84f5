package inferred

import "sync"

// The same through package-level variable initialisers (encoding/gob's
// tBool = bootstrapType("bool", ...)): the helper runs only in the package
// initializer.
var (
	kindsMu sync.Mutex
	kinds   = map[string]int{}
)

func bootstrapKind(name string) int {
	id := len(kinds)
	kinds[name] = id
	return id
}

var (
	kBool = bootstrapKind("bool")
	kInt  = bootstrapKind("int")
)

func RegisterKind(name string) int {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	kinds[name] = len(kinds)
	return kinds[name]
}

func KindOf(name string) int {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	return kinds[name]
}

func Kinds() int {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	return len(kinds)
}

func ForgetKind(name string) {
	kindsMu.Lock()
	delete(kinds, name)
	kindsMu.Unlock()
}

func HasKind(name string) bool {
	kindsMu.Lock()
	defer kindsMu.Unlock()
	_, ok := kinds[name]
	return ok
}

func ResetKinds() {
	kindsMu.Lock()
	clear(kinds)
	kindsMu.Unlock()
}
