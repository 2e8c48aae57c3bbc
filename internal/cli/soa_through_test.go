package cli_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	kj "kijun/internal/kijun"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// With the city's converted 訓令 in force and its alignment confirmed,
// kijun soa and kijun catalog coverage are of the city's standard: what
// Kijun runs reaches its articles through the alignment, citing Kobe's
// provision in brackets; Kobe's chapters the 訓令 lacks are gaps, and its
// articles with no reference are its own.
func TestSoAThroughTheCitysStandard(t *testing.T) {
	dir := t.TempDir()
	src, err := filepath.Abs("../catalog/convert/testdata/asahi-kijun.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"catalog", "convert", "--key", "asahi-kijun", "-o", "asahi.yaml", src},
		{"catalog", "align", "--db", "k.db", "--save", "asahi.yaml"},
	} {
		if r := kijun(t, dir, args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	confirmAll(t, filepath.Join(dir, "k.db"), "asahi-kijun", "1.0")
	if r := kijun(t, dir, "catalog", "load", "--db", "k.db", "--default", "asahi.yaml"); r.code != 0 {
		t.Fatalf("load --default: %+v", r)
	}

	r := kijun(t, dir, "soa", "--db", "k.db")
	if r.code != 0 {
		t.Fatalf("soa: %+v", r)
	}
	cited := regexp.MustCompile(`(?m)^\t\S+ \S+.*［[0-9][^］]*］`)
	if !cited.MatchString(r.stdout) {
		t.Errorf("soa cites no reference provision in brackets:\n%s", r.stdout)
	}
	for _, want := range []string{"あさひ市情報セキュリティ対策基準", "\tgap\t4\t", "\tgap\t11\t", "gaps: ", "own: "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("soa lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "warning:") {
		t.Errorf("soa warns of supports the city's standard does not know:\n%s", r.stdout)
	}
	// 第34条 (認証情報の管理) carries 8.2.6, which a record kind or page cites.
	if !regexp.MustCompile(`(?m)^第34条\t.*\n(\t.*\n)*\t.*［8\.2\.6`).MatchString(r.stdout) {
		t.Errorf("soa: 第34条 carries nothing of 8.2.6:\n%s", r.stdout)
	}

	r = kijun(t, dir, "catalog", "coverage", "--db", "k.db")
	if r.code != 0 || !strings.Contains(r.stdout, "第4章") || !strings.Contains(r.stdout, "\tgap\t7\t") {
		t.Errorf("coverage of the city's standard: %+v", r)
	}
}

// confirmAll accepts every proposal of the city's standard as the CISO's
// office would on the review page.
func confirmAll(t *testing.T, path, key, edition string) {
	t.Helper()
	ctx := kj.WithActor(context.Background(), kj.Actor{ID: "ciso-office"})
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	as, err := db.Alignments(ctx, key, edition, "kobe-kijun")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if len(a.Candidates) == 0 {
			continue
		}
		if _, err := db.DecideAlignment(ctx, registers.Console(), key, edition, a.FromPID, "kobe-kijun", store.AlignmentDecision{Action: "accept"}); err != nil {
			t.Fatal(err)
		}
	}
}
