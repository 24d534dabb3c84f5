// Package testsflag checks -unboundedgo.tests.
package testsflag

func render(s string) {}
