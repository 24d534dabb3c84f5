package f

func f() {}

// FilterNoStale: directives suppress, stale ones are not reported.
func calls() {
	f() // want "call of f"

	//conclint:ignore callf the call is intentional here
	f()

	//conclint:ignore callf nothing here
	_ = 1
}
