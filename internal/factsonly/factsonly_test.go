package factsonly_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/conclint/conclint/internal/factsonly"
)

func TestMark(t *testing.T) {
	other := &analysis.Analyzer{Name: "other"}
	pass := &analysis.Pass{ResultOf: map[*analysis.Analyzer]any{other: 1}}
	if factsonly.Is(pass) {
		t.Error("an unmarked pass is facts-only")
	}
	marked := factsonly.Mark(pass)
	if !factsonly.Is(marked) || marked.ResultOf[other] != 1 {
		t.Errorf("marked pass: Is %v, results %v", factsonly.Is(marked), marked.ResultOf)
	}
	if factsonly.Is(pass) || len(pass.ResultOf) != 1 {
		t.Error("Mark changed the pass it copied")
	}
}

func TestMarkUnread(t *testing.T) {
	pass := &analysis.Pass{ResultOf: map[*analysis.Analyzer]any{}}
	if factsonly.Unread(pass) {
		t.Error("an unmarked pass is unread")
	}
	marked := factsonly.MarkUnread(pass)
	if !factsonly.Unread(marked) || factsonly.Is(marked) {
		t.Errorf("marked pass: Unread %v, Is %v", factsonly.Unread(marked), factsonly.Is(marked))
	}
	if factsonly.Unread(pass) {
		t.Error("MarkUnread changed the pass it copied")
	}
}
