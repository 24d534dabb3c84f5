package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"

	"github.com/conclint/conclint/analyzers"
	"github.com/conclint/conclint/internal/analyzerdoc"
)

// writeText prints one line per diagnostic, "file:line:col: message
// [analyzer]", with its related sites indented below it.
func writeText(w io.Writer, diags []diagnostic, cwd string) error {
	bw := bufio.NewWriter(w)
	for _, d := range diags {
		fmt.Fprintf(bw, "%s: %s [%s]\n", shortPosn(d.Posn, cwd), d.Message, d.Analyzer)
		for _, r := range d.Related {
			fmt.Fprintf(bw, "\t%s: %s\n", shortPosn(r.Posn, cwd), r.Message)
		}
	}
	return bw.Flush()
}

func shortPosn(posn, cwd string) string {
	p := parsePosn(posn)
	if p.line == 0 {
		return posn
	}
	return fmt.Sprintf("%s:%d:%d", relPath(p.file, cwd), p.line, p.col)
}

func writeJSON(w io.Writer, tree map[string]map[string]any) error {
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// SARIF 2.1.0, the subset conclint emits.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult               `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Version        string      `json:"version,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string            `json:"id"`
		Name                 string            `json:"name"`
		ShortDescription     sarifText         `json:"shortDescription"`
		FullDescription      sarifText         `json:"fullDescription"`
		Help                 sarifText         `json:"help"`
		HelpURI              string            `json:"helpUri,omitempty"`
		DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
		Properties           map[string]string `json:"properties,omitempty"`
	}
	sarifRuleConfig struct {
		Enabled bool   `json:"enabled"`
		Level   string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		CodeFlows           []sarifCodeFlow   `json:"codeFlows,omitempty"`
	}
	sarifLocation struct {
		ID               *int          `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifText    `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           sarifRegion      `json:"region"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
)

const srcRoot = "%SRCROOT%"

// writeSARIF prints a SARIF 2.1.0 log: one rule per analyzer of the suite
// (title, help text, docs URL) and one result per diagnostic with its
// region, related locations and a fingerprint that survives edits
// elsewhere in the file (see fingerprints).
func writeSARIF(w io.Writer, diags []diagnostic, cwd string) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "conclint",
			InformationURI: "https://github.com/conclint/conclint",
			Version:        version(),
		}},
		Results: []sarifResult{},
	}
	if cwd != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: fileURI(cwd) + "/"}}
	}
	index := make(map[string]int)
	for _, e := range analyzers.Suite() {
		a := e.Analyzer
		index[a.Name] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:                   a.Name,
			Name:                 a.Name,
			ShortDescription:     sarifText{analyzerdoc.Title(a.Name, a.Doc)},
			FullDescription:      sarifText{a.Doc},
			Help:                 sarifText{a.Doc + "\n\n" + a.URL},
			HelpURI:              a.URL,
			DefaultConfiguration: sarifRuleConfig{Enabled: e.Default, Level: "warning"},
			Properties:           map[string]string{"origin": string(e.Origin)},
		})
	}
	fps := fingerprints(diags, cwd)
	for i, d := range diags {
		loc := sarifLocationOf(d.Posn, d.End, cwd)
		res := sarifResult{
			RuleID:    d.Analyzer,
			RuleIndex: index[d.Analyzer],
			Level:     "warning",
			Message:   sarifText{d.Message},
			Locations: []sarifLocation{loc},
		}
		if _, ok := index[d.Analyzer]; !ok {
			res.RuleIndex = -1 // not in the suite (cannot happen with our own vet tool)
		}
		var related []jsonRelated
		related, res.CodeFlows = sarifTrace(d, cwd)
		for i, r := range related {
			rl := sarifLocationOf(r.Posn, r.End, cwd)
			id := i + 1
			rl.ID = &id
			rl.Message = &sarifText{r.Message}
			res.RelatedLocations = append(res.RelatedLocations, rl)
		}
		res.PartialFingerprints = map[string]string{fingerprintKey: fps[i]}
		run.Results = append(run.Results, res)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

func sarifLocationOf(posn, end, cwd string) sarifLocation {
	p, e := parsePosn(posn), parsePosn(end)
	art := sarifArtifactLoc{URI: fileURI(p.file)}
	if rel := relPath(p.file, cwd); rel != p.file {
		art = sarifArtifactLoc{URI: filepath.ToSlash(rel), URIBaseID: srcRoot}
	}
	reg := sarifRegion{StartLine: max(p.line, 1), StartColumn: p.col}
	if e.file == p.file && e.line >= p.line && e.line > 0 {
		reg.EndLine, reg.EndColumn = e.line, e.col
	}
	return sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: art, Region: reg}}
}

func fileURI(path string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	return u.String()
}
