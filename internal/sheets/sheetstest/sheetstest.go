// Package sheetstest makes the files import tests read as a city's staff
// would make them: workbooks saved by a real spreadsheet program.
package sheetstest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// LibreOffice returns a function that saves CSV text as name.xlsx with
// LibreOffice in headless mode (its sheet is then named name) and returns
// the workbook's bytes. The
// columns named in textColumns (1 for column A) are read as text, so codes
// such as 012345 keep their zeros. Without LibreOffice the test is skipped,
// or fails when CI is set.
func LibreOffice(t testing.TB) func(name, csv string, textColumns ...int) []byte {
	t.Helper()
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("libreoffice is not installed")
		}
		t.Skip("libreoffice is not installed (apt-get install libreoffice-calc-nogui)")
	}
	dir := t.TempDir()
	return func(name, csv string, textColumns ...int) []byte {
		t.Helper()
		src := filepath.Join(dir, name+".csv")
		if err := os.WriteFile(src, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		var formats []string
		for _, c := range textColumns {
			formats = append(formats, fmt.Sprintf("%d/2", c))
		}
		// CSV filter options: comma, double quote, UTF-8, from line 1, column formats.
		cmd := exec.Command(lo, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--infilter=CSV:44,34,76,1,"+strings.Join(formats, "/"), "--convert-to", "xlsx", "--outdir", dir, src)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("libreoffice: %v\n%s", err, out)
		}
		data, err := os.ReadFile(filepath.Join(dir, name+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
}
