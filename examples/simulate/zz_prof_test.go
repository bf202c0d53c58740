package main

import (
	"io"
	"os"
	"strings"
	"testing"
)

func TestZZProfile(t *testing.T) {
	in := os.Getenv("PROF_IN")
	if in == "" {
		t.Skip()
	}
	args := append([]string{"-in", in}, strings.Fields(os.Getenv("PROF_ARGS"))...)
	if code := run(args, nil, io.Discard, io.Discard); code != 0 {
		t.Fatal(code)
	}
}
