module example.com/gokertwins

go 1.26.0
