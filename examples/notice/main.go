// Command notice prints the public notice of a programme, Kakao 1015 by
// default or the one a file declares (-programme FILE), in Korean by
// default or in English (-lang en), as Markdown. The notice
// is generated from the programme's values alone (the eligibility
// policy, the cash schedule and the catalogue), the same values that
// decide the cases, so that the announcement and its implementation
// cannot drift apart.
//
//	go run ./examples/notice [-lang ko|en] [-programme FILE]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	_ "time/tzdata" // a programme file may name any zone

	"github.com/outagerelief/relief/examples/programme"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("notice", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "ko", "the notice's language, `ko` or en")
	file := fs.String("programme", "", "the programme `FILE` (JSON, see examples/programmes) whose notice to print (default: Kakao 1015)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *lang != "ko" && *lang != "en" {
		fmt.Fprintf(stderr, "notice: -lang %q: want ko or en\n", *lang)
		return 2
	}
	p, err := programme.Open(*file)
	if err != nil {
		fmt.Fprintf(stderr, "notice: -programme: %v\n", err)
		return 2
	}
	if _, err := io.WriteString(stdout, p.Notice(*lang)); err != nil {
		fmt.Fprintf(stderr, "notice: %v\n", err)
		return 2
	}
	return 0
}
