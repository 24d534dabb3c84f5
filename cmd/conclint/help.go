package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/internal/analyzerdoc"
)

// help prints the list of analyzers, or the documentation of the named ones.
func help(args []string, stdout, stderr io.Writer) int {
	suite := analyzers.Suite()
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		fmt.Fprintln(stdout, "\nAnalyzers (run \"conclint help NAME\" for details):")
		for _, e := range suite {
			def := ""
			if !e.Default {
				def = " (off by default)"
			}
			fmt.Fprintf(stdout, "\t%-18s %s [%s]%s\n", e.Analyzer.Name, analyzerdoc.Title(e.Analyzer.Name, e.Analyzer.Doc), e.Origin, def)
		}
		return 0
	}
	status := 0
	for _, name := range args {
		found := false
		for _, e := range suite {
			a := e.Analyzer
			if a.Name != name {
				continue
			}
			found = true
			fmt.Fprintf(stdout, "%s: %s\n\n", a.Name, analyzerdoc.Title(a.Name, a.Doc))
			if body := analyzerdoc.Body(a.Doc); body != "" {
				fmt.Fprintln(stdout, body)
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "Origin: %s. Default: %s. Docs: %s\n", e.Origin, onOff(e.Default), a.URL)
			var flags []string
			a.Flags.VisitAll(func(f *flag.Flag) {
				flags = append(flags, fmt.Sprintf("\t-%s.%s=%s\n\t\t%s", a.Name, f.Name, f.DefValue, strings.ReplaceAll(f.Usage, "\n", "\n\t\t")))
			})
			if len(flags) > 0 {
				fmt.Fprintf(stdout, "\nFlags:\n%s\n", strings.Join(flags, "\n"))
			}
		}
		if !found {
			fmt.Fprintf(stderr, "conclint: no analyzer %q (run \"conclint help\" for the list)\n", name)
			status = 1
		}
	}
	return status
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
