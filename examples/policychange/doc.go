// Package policychange shows how an analyst tests a change of policy: its
// test raises the lowest band of the cash schedule from 30,000 to 40,000
// won, runs both schedules over the small businesses of the synthetic
// intake that the programme pays, and reads which claimants' outcomes
// change and what the change costs. Run it with
//
//	go test -v ./examples/policychange
//
// It has no code of its own: everything it uses is the library's
// compensation.Compare, applied to the programme's decisions.
package policychange
