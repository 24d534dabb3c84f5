// Package errgroup is a testdata stub of golang.org/x/sync/errgroup.
package errgroup

import "context"

type Group struct{ sem chan struct{} }

func WithContext(ctx context.Context) (*Group, context.Context) { return &Group{}, ctx }

func (g *Group) Wait() error               { return nil }
func (g *Group) Go(f func() error)         { go f() }
func (g *Group) TryGo(f func() error) bool { go f(); return true }
func (g *Group) SetLimit(n int)            { g.sem = make(chan struct{}, n) }
