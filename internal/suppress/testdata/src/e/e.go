package e

func f() {}

// The analyzer filters by itself (suppress.Run) and a driver wraps it again
// (suppress.Filter): each directive is handled once.
func calls() {
	f() // want "call of f"

	//conclint:ignore callf the call is intentional here
	f()

	//conclint:ignore callf nothing here // want "unused conclint:ignore directive"
	_ = 1
}
