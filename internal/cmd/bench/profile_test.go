package main

import (
	"reflect"
	"strings"
	"testing"
)

// TestReadPerfScript: samples are attributed to the work they would save:
// imports inside type checking, an engine computed lazily inside an
// analyzer, an analyzer under the suppression filter; the go command's
// samples apart.
func TestReadPerfScript(t *testing.T) {
	const script = `conclint-1a2b 100 1.0: 10000000 cpu-clock:
	ffffffff8100 do_syscall_64+0x71 ([kernel.kallsyms])
	4a0000 golang.org/x/tools/internal/gcimporter.iimportCommon+0x10 (/tmp/conclint-1a2b)
	4a0001 go/types.(*Checker).importPackage+0x10 (/tmp/conclint-1a2b)
	4a0002 go/types.(*Config).Check+0x10 (/tmp/conclint-1a2b)
	4a0003 golang.org/x/tools/go/analysis/unitchecker.run+0x10 (/tmp/conclint-1a2b)

conclint-1a2b 100 1.1: 10000000 cpu-clock:
	4b0000 go/types.(*Checker).expr+0x10 (/tmp/conclint-1a2b)
	4b0001 go/types.(*Config).Check+0x10 (/tmp/conclint-1a2b)
	4b0002 golang.org/x/tools/go/analysis/unitchecker.run+0x10 (/tmp/conclint-1a2b)

conclint-1a2b 100 1.2: 10000000 cpu-clock:
	4c0000 github.com/conclint/conclint/internal/lockset.(*Result).compute+0x10 (/tmp/conclint-1a2b)
	4c0001 github.com/conclint/conclint/analyzers/doublelock.run+0x10 (/tmp/conclint-1a2b)
	4c0002 github.com/conclint/conclint/internal/suppress.filter+0x10 (/tmp/conclint-1a2b)

conclint-1a2b 100 1.3: 10000000 cpu-clock:
	4d0000 go/types.Identical+0x10 (/tmp/conclint-1a2b)
	4d0001 honnef.co/go/tools/staticcheck/sa2000.run+0x10 (/tmp/conclint-1a2b)
	4d0002 github.com/conclint/conclint/analyzers.irGated.func1+0x10 (/tmp/conclint-1a2b)
	4d0003 github.com/conclint/conclint/internal/suppress.filter+0x10 (/tmp/conclint-1a2b)

conclint-1a2b 100 1.4: 10000000 cpu-clock:
	4e0000 runtime.scanobject+0x10 (/tmp/conclint-1a2b)
	4e0001 runtime.gcBgMarkWorker+0x10 (/tmp/conclint-1a2b)

go 99 1.5: 10000000 cpu-clock:
	5f0000 cmd/go/internal/work.(*Builder).Do+0x10 (/usr/local/go/bin/go)
`
	p, err := readPerfScript(strings.NewReader(script))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"load: import dependencies' export data":   1,
		"load: type-check":                         1,
		"engine: lockset":                          1,
		"analyzer sa2000":                          1,
		"runtime: garbage collection (background)": 1,
	}
	if p.Samples != 5 || p.GoCmd != 1 || !reflect.DeepEqual(p.Phases, want) {
		t.Errorf("got %d samples, %d of the go command, phases %v; want 5, 1, %v", p.Samples, p.GoCmd, p.Phases, want)
	}
}
