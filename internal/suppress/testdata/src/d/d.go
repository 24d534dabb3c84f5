//lint:file-ignore SA9999 generated code
package d

func f() {}

func calls() {
	f()
	f()
}
