package identity_test

import (
	"testing"

	"github.com/outagerelief/relief/examples/identity"
	"github.com/outagerelief/relief/grants"
)

func BenchmarkCheck(b *testing.B) {
	for _, id := range []string{"c0001234", "r0001234-2", "김철수-가게"} {
		b.Run(id, func(b *testing.B) {
			for range b.N {
				if identity.Check("claimant_id", id) != nil {
					b.Fatal("refused")
				}
			}
		})
		b.Run("library/"+id, func(b *testing.B) {
			for range b.N {
				if grants.CheckIdentity("claimant_id", id) != nil {
					b.Fatal("refused")
				}
			}
		})
	}
}
