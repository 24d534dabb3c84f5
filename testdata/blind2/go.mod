module example.com/blind2

go 1.26
