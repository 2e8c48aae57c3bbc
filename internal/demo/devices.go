package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"kijun/internal/devices"
	"kijun/internal/organisation"
	"kijun/internal/store"
)

// devicesPerSection and mediaPerSection are how many devices and media
// each 課 keeps: about 50,000 devices and 4,000 media in the city at city
// scale.
func devicesPerSection(s Scale) (int, int) {
	if s == City {
		return 49, 4
	}
	return 6, 2
}

// deviceMix is how the city's devices divide among the kinds, out of 20.
var deviceMix = []struct {
	kind  devices.DeviceKind
	n     int
	name  string
	place string
}{
	{devices.DevicePC, 12, "事務用パソコン", "執務室"},
	{devices.DeviceMobile, 3, "モバイル端末", "執務室（施錠保管）"},
	{devices.DeviceMFP, 1, "複合機", "執務室"},
	{devices.DeviceNetwork, 1, "フロアスイッチ", "フロア配線室"},
	{devices.DeviceIoT, 1, "来庁者呼出し表示機", "窓口"},
	{devices.DeviceServer, 1, "業務サーバ", "情報システム室"},
	{devices.DeviceOther, 1, "スキャナ", "執務室"},
}

// generateDevices fills the registers of chapter 6: a managed storage
// room for each 局・区 and the city's two server rooms (6.2), devices
// issued to each 課's staff with the protections most have and some lack
// (6.4), and removable media (6.4.3, 4.2カ). The demo assets name the
// first device and medium of their 課 as holders, so those take a class
// (4.2オ(4)). The IDs are fixed by the seed, so generating again changes
// nothing.
func generateDevices(ctx context.Context, db *store.DB, _ *rand.Rand, opts Options, sum *Summary) error {
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x6b696b69))
	today := organisation.Day(db.Now())
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		return err
	}
	var sections []organisation.Unit
	firstSection := map[string]string{} // top-level unit -> its first 課
	parent := map[string]string{}
	for _, u := range units {
		parent[u.Code] = u.Parent
	}
	top := func(code string) string {
		for parent[code] != "" {
			code = parent[code]
		}
		return code
	}
	for _, u := range units {
		if u.Kind != organisation.KindSection {
			continue
		}
		sections = append(sections, u)
		if _, ok := firstSection[top(u.Code)]; !ok {
			firstSection[top(u.Code)] = u.Code
		}
	}
	if len(sections) == 0 {
		return nil
	}
	members := map[string][]string{}
	for _, u := range sections {
		ms, err := db.Members(ctx, u.Code, today)
		if err != nil {
			return err
		}
		for _, m := range ms {
			members[u.Code] = append(members[u.Code], m.StaffNo)
		}
	}
	entry := []string{"IC カード", "IC カード＋暗証番号", "生体認証（静脈）", "鍵（管理簿で貸出）"}
	var areas []store.Row[devices.Area]
	addArea := func(a devices.Area) {
		a.People = devices.NormalisePeople(members[a.Unit][:min(5, len(members[a.Unit]))])
		areas = append(areas, store.Row[devices.Area]{Line: len(areas) + 2, Item: a})
	}
	first := sections[0].Code
	for i, name := range []string{"本庁舎 情報システム室", "第2庁舎 サーバ室"} {
		addArea(devices.Area{Entry: devices.Entry{ID: fmt.Sprintf("AREA-DC%d", i+1), Name: name, Unit: first}, Kind: devices.AreaSystemRoom,
			Building: []string{"本庁舎1号館", "第2庁舎"}[i], Floor: 4 + i, EntryControl: "IC カード＋生体認証"})
	}
	for _, u := range units {
		if sec, ok := firstSection[u.Code]; ok {
			// Some older storage rooms sit on the ground floor or below:
			// allowed for existing areas, and shown as a gap (6.2.1イ).
			floor := []int{-1, 1, 2, 3, 5}[rng.IntN(5)]
			addArea(devices.Area{Entry: devices.Entry{ID: "AREA-" + u.Code, Name: u.Name + " 媒体保管庫", Unit: sec}, Kind: devices.AreaStorage,
				Building: "本庁舎", Floor: floor, EntryControl: entry[rng.IntN(len(entry))]})
		}
	}
	var devs []store.Row[devices.Device]
	var media []store.Row[devices.Medium]
	nd, nm := devicesPerSection(opts.Scale)
	for _, u := range sections {
		staff := members[u.Code]
		area := "AREA-" + top(u.Code)
		for i := range nd {
			pick, mix := rng.IntN(20), deviceMix[0]
			for _, m := range deviceMix {
				if pick < m.n {
					mix = m
					break
				}
				pick -= m.n
			}
			d := devices.Device{Entry: devices.Entry{ID: fmt.Sprintf("D%s-%04d", u.Code, i+1), Name: mix.name, Unit: u.Code},
				Kind: mix.kind, Location: u.Name + " " + mix.place}
			if i == 0 {
				// The first device of each 課 holds its shared data.
				d.Kind, d.Name, d.Location = devices.DevicePC, "課内共有パソコン", u.Name+" 執務室"
			}
			switch d.Kind {
			case devices.DevicePC, devices.DeviceMobile:
				if len(staff) > 0 && i > 0 {
					d.IssuedTo = staff[i%len(staff)]
				}
			case devices.DeviceServer:
				d.Area = []string{"AREA-DC1", "AREA-DC2"}[rng.IntN(2)]
			}
			// Most protections are in place; a few percent lack one.
			for _, p := range devices.ProtectionList() {
				d.Protections.Set(p.Field, rng.IntN(25) != 0)
			}
			if d.Kind != devices.DeviceMobile {
				d.RemoteWipe, d.PrivacyFilter = false, d.Kind == devices.DevicePC && rng.IntN(2) == 0
			}
			devs = append(devs, store.Row[devices.Device]{Line: len(devs) + 2, Item: d})
		}
		for i := range nm {
			kind := []devices.MediumKind{devices.MediumUSB, devices.MediumDisk, devices.MediumOptical, devices.MediumTape, devices.MediumSD}[rng.IntN(5)]
			m := devices.Medium{Entry: devices.Entry{ID: fmt.Sprintf("M%s-%02d", u.Code, i+1), Name: kind.Label() + fmt.Sprintf(" %d", i+1), Unit: u.Code},
				Kind: kind, Encrypted: rng.IntN(8) != 0, Location: u.Name}
			if kind == devices.MediumTape || i == 0 {
				m.Area, m.Location = area, ""
			} else {
				m.Cabinet = "施錠キャビネット"
			}
			media = append(media, store.Row[devices.Medium]{Line: len(media) + 2, Item: m})
		}
	}
	plans := []struct {
		name string
		run  func() (*store.ImportPlan, error)
	}{
		{"areas", func() (*store.ImportPlan, error) { return db.ImportAreas(ctx, "demo", areas, nil, false) }},
		{"devices", func() (*store.ImportPlan, error) { return db.ImportDevices(ctx, "demo", devs, nil, false) }},
		{"media", func() (*store.ImportPlan, error) { return db.ImportMedia(ctx, "demo", media, nil, false) }},
	}
	for _, p := range plans {
		plan, err := p.run()
		if err != nil {
			return fmt.Errorf("load demo %s: %w", p.name, err)
		}
		sum.Lines = append(sum.Lines, fmt.Sprintf("%s: %d added, %d changed, %d unchanged", p.name, len(plan.Added), len(plan.Changed), plan.Unchanged))
	}
	return nil
}
