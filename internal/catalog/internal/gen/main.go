// Command gen produced the first draft of data/kobe-kijun-5.5.yaml from the
// standard's text (converted from PDF): it parses headings, items and
// sub-items, repairs the conversion artefacts listed in data/NOTES.md and adds
// draft annotations by simple rules plus a table of hand decisions.
//
// The YAML is the source of truth afterwards; rerun this only to start a new
// edition, and review the result by hand. Usage, from the module root:
//
//	go run ./internal/catalog/internal/gen -in ../shared/standard/kobe-joho-security-taisaku-kijun-v5.5.txt -out internal/catalog/data/kobe-kijun-5.5.yaml
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"

	"kijun/internal/catalog"
)

func main() {
	in := flag.String("in", "", "the standard's text file")
	out := flag.String("out", "", "the YAML file to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("read text: %w", err)
	}
	c, err := parseText(string(raw))
	if err != nil {
		return fmt.Errorf("parse text: %w", err)
	}
	annotate(c)
	var buf bytes.Buffer
	buf.WriteString("# 神戸市情報セキュリティ対策基準 第5.5版 as data. Repairs of the PDF text are in NOTES.md.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return fmt.Errorf("encode yaml: %w", err)
	}
	if _, err := catalog.Parse(out, buf.Bytes()); err != nil {
		return fmt.Errorf("generated catalog does not validate: %w", err)
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
