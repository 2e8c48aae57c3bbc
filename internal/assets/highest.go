package assets

import (
	"fmt"
	"strings"
)

// Held is one asset held on a device, medium, system or cabinet, with its
// classification, as input to Highest.
type Held struct {
	AssetID        string         `json:"asset_id"`
	Classification Classification `json:"classification"`
}

// maxIDs is how many asset IDs a reason names before it counts the rest, so
// that a system holding thousands of assets still has a readable reason.
const maxIDs = 5

// Highest returns the classification of something that holds several assets:
// 4.2.オ.(4), it is handled by the highest class, taken per scale. Each
// reason names the assets that set the class. With nothing held every class
// is 1, with a reason that says so. Classes below 1 count as 1.
func Highest(held ...Held) Classification {
	ids := func(pick func(Classification) int, top int) string {
		var names []string
		seen := map[string]bool{}
		for _, h := range held {
			if pick(h.Classification) == top || (top == 1 && pick(h.Classification) < 1) {
				if !seen[h.AssetID] {
					seen[h.AssetID] = true
					names = append(names, h.AssetID)
				}
			}
		}
		if len(names) > maxIDs {
			return fmt.Sprintf("%s ほか %d 件", strings.Join(names[:maxIDs], "、"), len(names)-maxIDs)
		}
		return strings.Join(names, "、")
	}
	axis := func(name string, pick func(Classification) int) (int, string) {
		if len(held) == 0 {
			return 1, fmt.Sprintf("4.2.オ.(4): 保有する情報資産がないため%s1", name)
		}
		top := 1
		for _, h := range held {
			top = max(top, pick(h.Classification))
		}
		return top, fmt.Sprintf("4.2.オ.(4): 資産 %s の%s%d による最高度の分類", ids(pick, top), name, top)
	}
	var out Classification
	var n int
	n, out.ConfidentialityReason = axis("機密性", func(c Classification) int { return int(c.Confidentiality) })
	out.Confidentiality = Confidentiality(n)
	n, out.IntegrityReason = axis("完全性", func(c Classification) int { return int(c.Integrity) })
	out.Integrity = Integrity(n)
	n, out.AvailabilityReason = axis("可用性", func(c Classification) int { return int(c.Availability) })
	out.Availability = Availability(n)
	return out
}
