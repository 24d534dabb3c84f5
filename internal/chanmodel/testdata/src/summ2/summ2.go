// Package summ2 summarizes through summ's facts.
package summ2

import "summ"

func Forward(ch chan int) { // want Forward:`chanparams\(0:send,blocks=send\)`
	summ.Produce(ch)
}

func Background(ch chan int) { // want Background:`chanparams\(0:go=range\)`
	go summ.Consume(ch)
}

func Stash(ch chan int) { // want Stash:`chanparams\(0:escapes\)`
	summ.Keep(ch)
}

func Both(ch chan int) { // want Both:`chanparams\(0:close\)`
	summ.Len(ch)
	summ.Close(ch)
}
