// Package oscal converts catalogs to and from OSCAL 1.1 catalog JSON, the
// format NIST and others publish control catalogs in, and validates OSCAL
// documents against the OSCAL 1.1.2 JSON Schema embedded in the package.
package oscal
