package catalog

import (
	"embed"
	"fmt"
)

//go:embed data/*.yaml
var dataFS embed.FS

// DefaultFile is the name of the embedded catalog file.
const DefaultFile = "data/kobe-kijun-5.5.yaml"

// DefaultMappingsFile is the name of the embedded mapping file from the
// default catalog to NIST SP 800-53 rev5.
const DefaultMappingsFile = "data/mappings-kobe-kijun-5.5_nist-sp800-53r5.yaml"

// Default returns a fresh parse of the embedded catalog, the standard Kijun
// ships with. Each call returns a new value, so callers may change it freely.
func Default() (*Catalog, error) {
	data, err := dataFS.ReadFile(DefaultFile)
	if err != nil {
		return nil, fmt.Errorf("read embedded catalog: %w", err)
	}
	c, err := Parse(DefaultFile, data)
	if err != nil {
		return nil, fmt.Errorf("parse embedded catalog: %w", err)
	}
	return c, nil
}

// DefaultMappings returns a fresh parse of the embedded mappings from the
// default catalog to NIST SP 800-53 rev5.
func DefaultMappings() (*MappingSet, error) {
	data, err := dataFS.ReadFile(DefaultMappingsFile)
	if err != nil {
		return nil, fmt.Errorf("read embedded mappings: %w", err)
	}
	ms, err := ParseMappings(DefaultMappingsFile, data)
	if err != nil {
		return nil, fmt.Errorf("parse embedded mappings: %w", err)
	}
	return ms, nil
}

// DefaultSource returns the embedded catalog and mapping files as bytes, so
// that a caller can tell by their digest whether it has loaded them already
// without parsing them.
func DefaultSource() ([]byte, error) {
	c, err := dataFS.ReadFile(DefaultFile)
	if err != nil {
		return nil, fmt.Errorf("read embedded catalog: %w", err)
	}
	m, err := dataFS.ReadFile(DefaultMappingsFile)
	if err != nil {
		return nil, fmt.Errorf("read embedded mappings: %w", err)
	}
	return append(append(c, 0), m...), nil
}
