module github.com/outagerelief/relief/examples

go 1.24

replace github.com/outagerelief/relief => ../

require (
	github.com/google/go-cmp v0.7.0
	github.com/outagerelief/relief v0.0.0-00010101000000-000000000000
	github.com/shopspring/decimal v1.6.0
)
