package c

func f() {}

// staticcheck's directives, honoured by analyzers named like its checks.
func calls() {
	f() // want "call of f"

	//lint:ignore SA9999 staticcheck's line directive
	f()

	//lint:ignore sa9*,ST1000 a case-insensitive glob in a list
	f()

	f() //lint:ignore SA9999 trailing, attached to the statement it ends

	//lint:ignore SA9999
	f() // want "call of f"

	//lint:ignore SA1000 another check
	f() // want "call of f"

	//conclint:ignore SA9999 conclint's directive works as well
	f()
}
