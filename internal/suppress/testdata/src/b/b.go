package b

//conclint:ignore callf a good one
var x = 1

//conclint:ignore callf // want "malformed conclint:ignore directive: missing reason"
var y = 2

//conclint:ignore nosuch,callf a reason // want "malformed conclint:ignore directive: unknown analyzer nosuch"
var z = 3

//conclint:ignore // want "malformed conclint:ignore directive: missing analyzer names and reason"
var w = 4

//conclint:ignored is not a directive of ours
var v = 5
