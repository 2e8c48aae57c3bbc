package catalog

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDump(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[Kind]int{}
	for _, p := range c.Provisions {
		counts[p.Kind]++
		var ops []string
		for _, o := range p.Operations {
			s := string(o.Kind)
			if o.Approver != "" {
				s += "<" + string(o.Approver)
			}
			if o.Frequency != "" {
				s += "@" + o.Frequency
			}
			ops = append(ops, s)
		}
		txt := []rune(p.Title + "|" + p.Text)
		if len(txt) > 60 {
			txt = txt[:60]
		}
		fmt.Printf("%-14s %-10s %-30v %-12s %-30s %v %s\n", p.ID, p.Kind, p.Obliges, p.Force, strings.Join(ops, ","), p.Refs, string(txt))
	}
	fmt.Println(counts, len(c.Revisions))
}
