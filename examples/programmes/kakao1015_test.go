package programmes

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/outagerelief/relief/examples/programme"
	"github.com/outagerelief/relief/internal/golden"
)

// load reads a programme file of this package.
func load(t testing.TB, name string) programme.Plan {
	t.Helper()
	data, err := Files.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := programme.Load(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return p
}

// indent writes a programme's file form for people to read.
func indent(t testing.TB, p programme.Plan) []byte {
	t.Helper()
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := json.Indent(&b, data, "", "  "); err != nil {
		t.Fatal(err)
	}
	return append(b.Bytes(), '\n')
}

// TestTheKakao1015FileIsTheGoValue holds kakao1015.json equal to
// programme.Kakao1015: the file loads to a programme that writes the same
// file, and the Go value writes it too.
func TestTheKakao1015FileIsTheGoValue(t *testing.T) {
	want := indent(t, programme.Kakao1015())
	if golden.Updating() {
		if err := os.WriteFile("kakao1015.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := indent(t, load(t, "kakao1015.json"))
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("kakao1015.json, loaded and written again, against the Go value (-want +got):\n%s", diff)
	}
	file, err := Files.ReadFile("kakao1015.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, want) {
		t.Error("kakao1015.json is not what the Go value writes (go test -update rewrites it)")
	}
}
