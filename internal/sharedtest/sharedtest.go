// Package sharedtest finds the reference files that tests read from the
// shared folder beside the checkout (../shared): the standard's text and
// NIST's OSCAL files. It is used by tests only.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// File returns the path of rel under ../shared of the module root, or the
// value of the environment variable env when that is set. When the file is
// absent the test skips, saying why, unless CI is set, when it fails.
func File(t testing.TB, env, rel string) string {
	t.Helper()
	if env != "" {
		if p := os.Getenv(env); p != "" {
			return p
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("getwd: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above %s", dir)
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", rel)
	if _, err := os.Stat(p); err != nil {
		msg := "reference file " + p + " is absent"
		if env != "" {
			msg += " (set " + env + " to its path)"
		}
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}
