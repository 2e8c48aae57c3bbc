package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"kijun/internal/devices"
	"kijun/internal/organisation"
	"kijun/internal/registers"
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
// and wiring room for each 局・区 and the city's two server rooms (6.2),
// devices issued to each 課's staff with the protections of 6.4, and
// removable media, encrypted and locked away (6.4.1, 6.4.3, 4.2カ); then
// plants the shortfalls a few of them have. The demo assets name the
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
	b := 0
	for _, u := range units {
		sec, ok := firstSection[u.Code]
		if !ok {
			continue
		}
		a := devices.Area{Entry: devices.Entry{ID: "AREA-" + u.Code, Name: u.Name + " 媒体保管庫・配線室", Unit: sec}, Kind: devices.AreaStorage,
			Building: "本庁舎", Floor: []int{2, 3, 5}[rng.IntN(3)], EntryControl: entry[rng.IntN(len(entry))]}
		addArea(a)
		switch b % 4 {
		case 1:
			// An older storage room on the ground floor: 6.2.1イ asks this
			// only of an area newly set up, so an existing one is no
			// finding.
			areas[len(areas)-1].Item.Floor = 1
		case 3:
			// Nobody has been given leave to enter (6.2.2ア).
			areas[len(areas)-1].Item.People = nil
			sum.plant("area.no-people", "area:"+a.ID, "6.2.2.ア")
		}
		b++
	}
	var devs []store.Row[devices.Device]
	var media []store.Row[devices.Medium]
	nd, nm := devicesPerSection(opts.Scale)
	mobiles, switches := 0, 0
	for si, u := range sections {
		staff := members[u.Code]
		area := "AREA-" + top(u.Code)
		slot := slotOf(si)
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
			subject := "device:" + d.ID
			switch {
			case i == 0:
				// The first device of each 課 holds its shared data.
				d.Kind, d.Name, d.Location = devices.DevicePC, "課内共有パソコン", u.Name+" 執務室"
			case i == 1 && slot == slotMobileData:
				// The counter tablet that keeps a list (see fixedAsset).
				d.Kind, d.Name, d.Location = devices.DeviceMobile, "窓口タブレット", u.Name+" 窓口"
			}
			switch d.Kind {
			case devices.DevicePC, devices.DeviceMobile:
				if len(staff) > 0 && i > 0 {
					d.IssuedTo = staff[i%len(staff)]
				}
			case devices.DeviceServer:
				d.Area = []string{"AREA-DC1", "AREA-DC2"}[rng.IntN(2)]
			case devices.DeviceNetwork:
				d.Area = area // 6.1.1
			}
			// 6.4: every protection is in place; a mobile terminal alone
			// needs remote wipe and a privacy filter (6.4.4).
			for _, p := range devices.ProtectionList() {
				d.Protections.Set(p.Field, true)
			}
			if d.Kind != devices.DeviceMobile {
				d.RemoteWipe, d.PrivacyFilter = false, d.Kind == devices.DevicePC && rng.IntN(2) == 0
			}
			// The shortfalls: one mobile terminal in ten lacks a
			// protection, one floor switch in fifteen sits outside any
			// managed area, and some 課 have let their shared PC slip.
			switch {
			case d.Kind == devices.DeviceMobile:
				if mobiles%10 == 3 {
					switch (mobiles / 10) % 3 {
					case 0:
						d.ScreenLock = false
						sum.plant("device.mobile-lock", subject, "6.4.4.ア")
					case 1:
						d.RemoteWipe = false
						sum.plant("device.mobile-wipe", subject, "6.4.4.イ")
					default:
						d.PrivacyFilter = false
						sum.plant("device.mobile-filter", subject, "6.4.4.ウ")
					}
				}
				mobiles++
			case d.Kind == devices.DeviceNetwork:
				if switches%15 == 7 {
					d.Area = ""
					sum.plant("device.server-outside-area", subject, "6.1.1")
				}
				switches++
			case i == 0 && slot == slotSharedPCNoCrypt:
				d.DiskEncryption = false
				sum.plant("device.encryption", subject, "6.4.3")
			case i == 0 && slot == slotSharedPCNoBIOS:
				d.BIOSPassword = false
				sum.plant("device.boot-password", subject, "6.4.2.ア")
			case i == 0 && slot == slotMyNumberPC:
				// It holds data of the 住民記録システム (see fixedAsset).
				d.USBControl = false
				sum.plant("device.mynumber-usb", subject, "5.1.イ.(2)")
			}
			devs = append(devs, store.Row[devices.Device]{Line: len(devs) + 2, Item: d})
		}
		for i := range nm {
			kind := []devices.MediumKind{devices.MediumUSB, devices.MediumDisk, devices.MediumOptical, devices.MediumTape, devices.MediumSD}[rng.IntN(5)]
			m := devices.Medium{Entry: devices.Entry{ID: fmt.Sprintf("M%s-%02d", u.Code, i+1), Name: kind.Label() + fmt.Sprintf(" %d", i+1), Unit: u.Code},
				Kind: kind, Encrypted: true, Location: u.Name}
			if kind == devices.MediumTape || i == 0 {
				m.Area, m.Location = area, ""
			} else {
				m.Cabinet = "施錠キャビネット"
			}
			switch {
			case i == 0 && slot == slotMediumNoCrypt:
				// The backup medium holds the 課's data (see fixedAsset).
				m.Encrypted = false
				sum.plant("medium.encryption", "medium:"+m.ID, "6.4.3")
			case i == 0 && slot == slotMediumLoose:
				// The backup medium, left in a drawer (see fixedAsset).
				m.Area, m.Location = "", u.Name+" 机の引出し"
				sum.plant("medium.unlocked-holding", "medium:"+m.ID, "4.2.カ.(3)")
			case i == 1 && slot == slotMediumUnlocked:
				m.Area, m.Cabinet, m.Location = "", "", u.Name+" 机の引出し"
				sum.plant("medium.unlocked", "medium:"+m.ID, "6.4.1")
			}
			media = append(media, store.Row[devices.Medium]{Line: len(media) + 2, Item: m})
		}
	}
	plans := []struct {
		name string
		run  func() (*store.ImportPlan, error)
	}{
		{"areas", func() (*store.ImportPlan, error) {
			return db.ImportAreas(ctx, registers.Console(), "demo", areas, nil, false)
		}},
		{"devices", func() (*store.ImportPlan, error) {
			return db.ImportDevices(ctx, registers.Console(), "demo", devs, nil, false)
		}},
		{"media", func() (*store.ImportPlan, error) {
			return db.ImportMedia(ctx, registers.Console(), "demo", media, nil, false)
		}},
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
