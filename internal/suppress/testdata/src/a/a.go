package a

func f() {}

func calls() {
	f() // want "call of f"

	//conclint:ignore callf the call is intentional here
	f()

	f() //conclint:ignore callf trailing directive covers its own line

	//conclint:ignore other,callf names two analyzers
	f()

	//conclint:ignore callf nothing to suppress on the next line // want "unused conclint:ignore directive: no callf report"
	_ = 1

	//conclint:ignore callf
	f() // want "call of f"

	//conclint:ignore
	f() // want "call of f"
}
