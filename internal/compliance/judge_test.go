package compliance

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Judging records that read alike once gives exactly what judging each
// record gives.
func TestJudgingAlikeOnceChangesNothing(t *testing.T) {
	rs, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	f := &Facts{}
	pick := func(vs ...string) string { return vs[rng.IntN(len(vs))] }
	for i := range 3000 {
		f.Assets = append(f.Assets, Asset{ID: "A" + string(rune('a'+i%26)) + pick("1", "2", "3") + string(rune(i)), Name: "n", Unit: pick("100", "200"),
			UnitActive: rng.IntN(20) > 0, Kind: pick("data", "paper"), Stage: pick("use", "obtain", "dispose"), Origin: pick("", "県"),
			OriginalID: pick("", "", "X"), OriginalExists: rng.IntN(2) == 0, Confidentiality: 1 + rng.IntN(3), Integrity: 1 + rng.IntN(2),
			Availability: 1 + rng.IntN(2), InScope: rng.IntN(2) == 0, Holders: rng.IntN(3), ForeignHolder: rng.IntN(10) == 0})
		f.Devices = append(f.Devices, Device{ID: "D" + string(rune(i)), Unit: pick("100", "200"), Kind: pick("pc", "mobile", "server", "mfp", "iot"),
			IssuedTo: pick("", "1"), IssuedToActive: rng.IntN(2) == 0, Area: pick("", "A"), DiskEncryption: rng.IntN(5) > 0,
			ScreenLock: rng.IntN(5) > 0, RemoteWipe: rng.IntN(5) > 0, PrivacyFilter: rng.IntN(5) > 0, USBControl: rng.IntN(5) > 0,
			BIOSPassword: rng.IntN(5) > 0, MyNumber: rng.IntN(10) == 0, Class: Class{Confidentiality: rng.IntN(4), Assets: rng.IntN(3)}})
	}
	once, err := rs.Check(f)
	if err != nil {
		t.Fatal(err)
	}
	judgeOnce = false
	defer func() { judgeOnce = true }()
	each, err := rs.Check(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(once) == 0 || !slices.Equal(once, each) {
		t.Fatalf("judged once: %d findings; judged each: %d", len(once), len(each))
	}
}
