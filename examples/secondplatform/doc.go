// Package secondplatform is a test: a second Korean platform's outage
// programme written as values only, with the shared composition of
// package programme and no code of its own. Its name, channel, bands,
// items, attributes and rules are its own, and its notice and letters
// (golden files in testdata) say nothing of Kakao.
//
//	go test -v ./examples/secondplatform
package secondplatform
