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

func pair(args ...int) {}

// A directive on any site of a multi-site report suppresses it.
func sites() {
	pair( // want "call of pair"
		1,
	)

	//conclint:ignore callf the related site is covered
	pair(
		1,
	)

	pair(
		//conclint:ignore callf on the second site, the related one
		1,
	)
}
