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
	top := func(pick func(Classification) int) Top {
		t := Top{Level: 1}
		for _, h := range held {
			t.Level = max(t.Level, pick(h.Classification))
		}
		seen := map[string]bool{}
		for _, h := range held {
			if max(pick(h.Classification), 1) == t.Level && !seen[h.AssetID] {
				seen[h.AssetID] = true
				t.Count++
				if len(t.First) < maxIDs {
					t.First = append(t.First, h.AssetID)
				}
			}
		}
		return t
	}
	return HighestOf(len(held),
		top(func(c Classification) int { return int(c.Confidentiality) }),
		top(func(c Classification) int { return int(c.Integrity) }),
		top(func(c Classification) int { return int(c.Availability) }))
}

// Top is what sets one scale of a holder's class (4.2.オ.(4)): the highest
// level among the assets it holds (below 1 counts as 1), how many of them
// are at that level, and the first of those by ID, up to the five a reason
// names.
type Top struct {
	Level, Count int
	First        []string
}

// TopIDs is how many asset IDs of a Top a reason names.
const TopIDs = maxIDs

// HighestOf is Highest from what sets each scale, for a holder of held
// assets whose class is kept rather than read asset by asset: the
// register keeps each holder's counts per class, so a system of 40,000
// assets is described by a few rows and the first IDs of each scale.
func HighestOf(held int, c, i, a Top) Classification {
	axis := func(name string, t Top) (int, string) {
		if held == 0 {
			return 1, fmt.Sprintf("4.2.オ.(4): 保有する情報資産がないため%s1", name)
		}
		ids := strings.Join(t.First, "、")
		if t.Count > len(t.First) {
			ids = fmt.Sprintf("%s ほか %d 件", ids, t.Count-len(t.First))
		}
		return t.Level, fmt.Sprintf("4.2.オ.(4): 資産 %s の%s%d による最高度の分類", ids, name, t.Level)
	}
	var out Classification
	var n int
	n, out.ConfidentialityReason = axis("機密性", c)
	out.Confidentiality = Confidentiality(n)
	n, out.IntegrityReason = axis("完全性", i)
	out.Integrity = Integrity(n)
	n, out.AvailabilityReason = axis("可用性", a)
	out.Availability = Availability(n)
	return out
}
