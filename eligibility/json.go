package eligibility

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/outagerelief/relief/internal/domain"
	"github.com/outagerelief/relief/strictjson"
)

// configJSON is a Config as JSON writes it: the zone by name.
type configJSON struct {
	config
	Zone string `json:"zone,omitempty"`
}

// config is Config without its methods, so that configJSON can embed it.
type config Config

// MarshalJSON encodes the declaration, its zone by name (none where it is
// nil: KST).
func (c Config) MarshalJSON() ([]byte, error) {
	return json.Marshal(configJSON{config: config(c), Zone: domain.ZoneName(c.Zone)})
}

// UnmarshalJSON decodes a declaration: unknown fields are errors, the
// zone is a name [domain.Zone] reads ("KST" where it is missing). It does
// not validate the declaration: [NewPolicy] does.
func (c *Config) UnmarshalJSON(data []byte) error {
	var j configJSON
	if err := strictjson.Decode(data, &j); err != nil {
		return err
	}
	zone, err := domain.ZoneOrKST(j.Zone)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrConfig, err)
	}
	*c = Config(j.config)
	c.Zone = zone
	return nil
}

// MarshalJSON encodes the policy as its [Config].
func (p Policy) MarshalJSON() ([]byte, error) {
	if p.p == nil {
		return nil, fmt.Errorf("%w: zero Policy", ErrConfig)
	}
	return json.Marshal(p.Config())
}

// UnmarshalJSON decodes a policy's [Config] and validates it as
// [NewPolicy] does; an invalid one is an error and leaves p unchanged.
func (p *Policy) UnmarshalJSON(data []byte) error {
	var c Config
	if err := json.Unmarshal(data, &c); err != nil {
		return err
	}
	v, err := NewPolicy(c)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// testJSON is a SmallBusinessTest without its methods.
type testJSON SmallBusinessTest

// MarshalJSON encodes the test: "statutory" where it is [StatutoryTest],
// else its fields.
func (t SmallBusinessTest) MarshalJSON() ([]byte, error) {
	if reflect.DeepEqual(t, StatutoryTest()) {
		return []byte(`"statutory"`), nil
	}
	return json.Marshal(testJSON(t))
}

// UnmarshalJSON decodes a test: "statutory" for [StatutoryTest], or its
// fields, unknown ones being errors.
func (t *SmallBusinessTest) UnmarshalJSON(data []byte) error {
	var name string
	if json.Unmarshal(data, &name) == nil {
		if name != "statutory" {
			return fmt.Errorf("%w: test %q: want \"statutory\" or the test's fields", ErrConfig, clip(name))
		}
		*t = StatutoryTest()
		return nil
	}
	var j testJSON
	if err := strictjson.Decode(data, &j); err != nil {
		return err
	}
	*t = SmallBusinessTest(j)
	return nil
}
