package main

import (
	"github.com/conclint/conclint/analyzers"
	"golang.org/x/tools/go/analysis/unitchecker"
)

func main() { unitchecker.Main(analyzers.Analyzers()...) }
