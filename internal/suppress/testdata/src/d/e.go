package d

func g() {
	f() // want "call of f"
}
