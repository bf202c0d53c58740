package main

import (
	"io"
	"testing"
)

// BenchmarkSimulateEmbedded is the whole default run: generate the
// embedded intake, decide every claim, issue the grants, print the
// summary (target: under 1 second on 2 cores).
func BenchmarkSimulateEmbedded(b *testing.B) {
	for b.Loop() {
		if code := run(nil, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
}
