package sends

// Process-lifetime code is not checked: main is in another scenario; here
// init spawns a goroutine nobody waits for, which is fine.
func init() {
	ch := make(chan int)
	go func() { ch <- 1 }()
	if slowCall().err != nil {
		return
	}
	<-ch
}
