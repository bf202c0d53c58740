package grants

import (
	"encoding/json"
	"fmt"

	"github.com/outagerelief/relief/internal/domain"
	"github.com/outagerelief/relief/strictjson"
)

// configJSON is a Config as JSON writes it: the zone by name.
type configJSON struct {
	config
	Zone string `json:"zone,omitempty"`
}

type config Config

// MarshalJSON encodes the declaration, its zone by name (none where it is
// nil: KST).
func (c Config) MarshalJSON() ([]byte, error) {
	return json.Marshal(configJSON{config: config(c), Zone: domain.ZoneName(c.Zone)})
}

// UnmarshalJSON decodes a declaration: unknown fields are errors, the
// zone is a name ("KST" where it is missing). It does not validate the
// items: [NewCatalogue] does.
func (c *Config) UnmarshalJSON(data []byte) error {
	var j configJSON
	if err := strictjson.Decode(data, &j); err != nil {
		return err
	}
	zone, err := domain.ZoneOrKST(j.Zone)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	*c = Config(j.config)
	c.Zone = zone
	return nil
}

// MarshalJSON encodes the catalogue as its [Config].
func (c Catalogue) MarshalJSON() ([]byte, error) { return json.Marshal(c.Config()) }

// UnmarshalJSON decodes a catalogue's [Config] and validates it as
// [NewCatalogue] does; an invalid one is an error and leaves c unchanged.
func (c *Catalogue) UnmarshalJSON(data []byte) error {
	var cfg Config
	if err := json.Unmarshal(data, &cfg); err != nil {
		return err
	}
	v, err := NewCatalogue(cfg)
	if err != nil {
		return err
	}
	*c = v
	return nil
}
