package main

import (
	"io"
	"runtime/debug"
	"testing"
)

// BenchmarkSimulateEmbedded is the whole default run: generate the
// embedded intake, decide every claim, issue the grants, print the
// summary (target: under 1 second on 2 cores). The collector is set as
// the command's main sets it (tuneCollector), and put back after.
func BenchmarkSimulateEmbedded(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	tuneCollector(false, func(string) (string, bool) { return "", false })
	for b.Loop() {
		if code := run(nil, nil, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
}
