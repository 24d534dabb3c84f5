package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/internal/explore"
)

// exploreDebug prepares conclint -debug: the vet flags that make every
// analyzer reporting the explorer's findings append the explorer's work
// on each package to a fresh file (a new file name also keeps go vet from
// reusing cached results, so every package is counted), and the function
// that prints the totals to w afterwards: packages explored, entries,
// states, and the packages with entries over budget or skipped, which
// are silent where the search stopped.
func exploreDebug(w io.Writer) (flags []string, report func()) {
	f, err := os.CreateTemp("", "conclint-explore-*.tsv")
	if err != nil {
		fmt.Fprintf(w, "conclint: -debug: %v\n", err)
		return nil, func() {}
	}
	path := f.Name()
	_ = f.Close()
	for _, a := range analyzers.Analyzers() {
		if a.Flags.Lookup(explore.DebugFlagName) != nil {
			flags = append(flags, "-"+a.Name+"."+explore.DebugFlagName+"="+path)
		}
	}
	return flags, func() {
		defer os.Remove(path)
		data, err := os.Open(path)
		if err != nil {
			return
		}
		defer data.Close()
		printExploreDebug(w, data)
	}
}

// printExploreDebug sums the lines "package entries states over skipped"
// (one package may appear twice: as itself and in its test variant).
func printExploreDebug(w io.Writer, r io.Reader) {
	type sums struct{ entries, states, over, skipped int }
	by := make(map[string]*sums)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 5 {
			continue
		}
		var n [4]int
		for i := range n {
			n[i], _ = strconv.Atoi(f[i+1])
		}
		s := by[f[0]]
		if s == nil {
			s = &sums{}
			by[f[0]] = s
		}
		s.entries += n[0]
		s.states += n[1]
		s.over += n[2]
		s.skipped += n[3]
	}
	if len(by) == 0 {
		fmt.Fprintln(w, "conclint: explorer: no package explored (the explorer runs with -NAME.explore)")
		return
	}
	var total sums
	var over, skipped []string
	for pkg, s := range by {
		total.entries += s.entries
		total.states += s.states
		total.over += s.over
		total.skipped += s.skipped
		if s.over > 0 {
			over = append(over, fmt.Sprintf("%s (%d)", pkg, s.over))
		}
		if s.skipped > 0 {
			skipped = append(skipped, fmt.Sprintf("%s (%d)", pkg, s.skipped))
		}
	}
	slices.Sort(over)
	slices.Sort(skipped)
	fmt.Fprintf(w, "conclint: explorer: %d packages, %d entries, %d states; %d entries over budget in %d packages; %d entries skipped (package budget) in %d packages\n",
		len(by), total.entries, total.states, total.over, len(over), total.skipped, len(skipped))
	for _, p := range over {
		fmt.Fprintf(w, "conclint: explorer: over budget: %s\n", p)
	}
	for _, p := range skipped {
		fmt.Fprintf(w, "conclint: explorer: package budget spent: %s\n", p)
	}
}
