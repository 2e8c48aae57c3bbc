package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"kijun/internal/contractors"
	"kijun/internal/organisation"
	"kijun/internal/permits"
	"kijun/internal/registers"
	"kijun/internal/store"
)

// contractorCounts are how many contractors and contracts each scale has:
// about 300 and 1,500 in the city, with some 5,000 再委託 links and 10,000
// staff.
func contractorCounts(s Scale) (firms, contracts int) {
	if s == City {
		return 300, 1500
	}
	return 24, 40
}

// Contractor IDs of the planted shortfalls (10.1.1, 10.1.4): a contractor
// whose ISMS has lapsed, and the three of the 尼崎-style chain.
const (
	firmLapsed   = "F0002"
	firmAmaA     = "F0003"
	firmAmaB     = "F0004"
	firmAmaC     = "F0005"
	firmsSpecial = 6 // F0000 to F0005 take no random work
)

// corporateNo makes a 法人番号 with its check digit from twelve digits.
func corporateNo(rng *rand.Rand) string {
	base := fmt.Sprintf("%012d", rng.Int64N(1_000_000_000_000))
	return strconv.Itoa(contractors.CorporateCheckDigit(base)) + base
}

var firmNames = []string{"情報サービス", "システム開発", "データ入力", "ネットワーク", "ソフトウェア", "コンサルティング", "印刷", "BPO", "クラウド", "電算"}

// generateContractors fills chapter 10's register through the same import
// as a city's own workbook (registers.Contractors.Import's rules, row by
// row, in one transaction): contractors with their selection checks and
// certifications, each 課's contracts stating every item of 10.1.2ア, their
// 再委託 chains approved by the 課's 情報管理者 (requests of type
// subcontract, loaded as past decisions), and staff checked before work.
// Planted: a 再々委託 passed on without approval in the 尼崎 style
// (10.1.4), a contractor whose ISMS has lapsed (10.1.1), and a contract
// whose work has begun without clause ア(2) (10.1.2ア).
func generateContractors(ctx context.Context, db *store.DB, _ *rand.Rand, opts Options, sum *Summary) error {
	n, _, err := db.ListContracts(ctx, store.ContractFilter{Limit: 1})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(opts.Seed), 0x636f6e7472616374))
	today := organisation.Day(db.Now())
	amaContract, lapsedContract, draftContract := "K0001", "K0002", "K0003"
	plant := func() {
		sum.plant("subcontract.unapproved", "subcontract:S0001-2", "10.1.4")
		sum.plant("contract.certification-lapsed", "contract:"+lapsedContract, "10.1.1")
		sum.plant("contract.clauses-missing", "contract:"+draftContract, "10.1.2.ア")
	}
	if len(n) > 0 {
		sum.Lines = append(sum.Lines, "contractors: register kept, nothing added")
		plant()
		if _, err := db.ExternalServiceEntry(ctx, serviceTermsClass3); err == nil {
			sum.plant("service.terms-class3", "external_service:"+serviceTermsClass3, "10.2")
		}
		return nil
	}
	type section struct {
		code, chief string
		staff       []string
	}
	units, err := db.UnitsOn(ctx, today)
	if err != nil {
		return err
	}
	var secs []section
	for _, u := range units {
		if u.Kind != organisation.KindSection {
			continue
		}
		h, err := db.HolderOf(ctx, organisation.RoleInfoManager, organisation.UnitScope(u.Code), today)
		if err != nil {
			continue
		}
		ms, err := db.Members(ctx, u.Code, today)
		if err != nil {
			return err
		}
		s := section{code: u.Code, chief: h.Person.StaffNo}
		for _, m := range ms { // anyone of the 課 but its 情報管理者 may ask for an approval
			if m.StaffNo != s.chief {
				s.staff = append(s.staff, m.StaffNo)
			}
		}
		if len(s.staff) > 0 {
			secs = append(secs, s)
		}
	}
	if len(secs) == 0 {
		return nil
	}
	nFirms, nContracts := contractorCounts(opts.Scale)
	var b store.ContractorBook
	b.Sheets = [store.BookSheets]string{"事業者", "契約", "再委託", "従事者", "確認・措置", "返却・廃棄", "外部サービス"}
	firm := func(i int) string { return fmt.Sprintf("F%04d", i) }
	for i := range nFirms {
		c := contractors.Contractor{ID: firm(i), Name: fmt.Sprintf("みなと%s%s株式会社", firmNames[i%len(firmNames)], strconv.Itoa(i+1)),
			CorporateNo: corporateNo(rng), Address: fmt.Sprintf("みなと市中央区%d-%d", 1+i%9, 1+i%20), Contact: fmt.Sprintf("078-000-%04d", i),
			Selection: contractors.Selection{CheckedOn: today.AddDate(-1, 0, -rng.IntN(200)), CheckedBy: secs[i%len(secs)].chief,
				What: "委託内容に応じた情報セキュリティ対策（ISMS 認証・管理体制・従事者教育）を確認", Evidence: "認証書の写し・体制図"}}
		if i%3 != 2 {
			c.Certifications = append(c.Certifications, contractors.Certification{Kind: contractors.CertISMS, Number: fmt.Sprintf("IS %06d", 500000+i), Expires: today.AddDate(1+rng.IntN(2), 0, rng.IntN(300))})
		}
		if i%2 == 0 {
			c.Certifications = append(c.Certifications, contractors.Certification{Kind: contractors.CertPMark, Number: fmt.Sprintf("%08d(0%d)", 10800000+i, 1+i%9), Expires: today.AddDate(1, rng.IntN(12), 0)})
		}
		if c.ID == firmLapsed { // planted: its ISMS ran out last month (10.1.1)
			c.Certifications = []contractors.Certification{{Kind: contractors.CertISMS, Number: "IS 400002", Expires: today.AddDate(0, -1, 0)}}
		}
		b.Contractors = append(b.Contractors, store.BookRow[contractors.Contractor]{Line: i + 2, Item: c})
	}
	all := map[string]string{}
	for _, cl := range contractors.Clauses() {
		if cl.Obligatory {
			all[cl.Key] = "第" + cl.Key[1:] + "条"
		}
	}
	articles := func(drop string) map[string]string {
		m := map[string]string{}
		for k, v := range all {
			if k != drop {
				m[k] = v
			}
		}
		return m
	}
	pick := func() string { return firm(firmsSpecial + rng.IntN(nFirms-firmsSpecial)) }
	var hs []store.History
	permitOf := map[string]int{} // link ID -> index in hs
	approve := func(s section, c contractors.Contract, l contractors.Link) {
		at := today.AddDate(0, 0, -rng.IntN(60)-1).Add(10 * time.Hour)
		decided := at.Add(26 * time.Hour)
		h := store.History{Subject: c.ID, Request: permits.Request{Type: "subcontract", State: permits.StateClosed, Requester: s.staff[0], Unit: s.code,
			Fields:    map[string]string{"contract": c.ID, "link": l.ID, "receiver": l.To, "part": l.Part, "selection": "再委託先の ISMS 認証と管理体制を確認"},
			ValidFrom: organisation.Day(at), ValidTo: c.To, CreatedAt: at, SubmittedAt: at.Add(5 * time.Minute), DecidedAt: decided, UpdatedAt: decided}}
		h.Steps = []permits.Entry{
			{Action: permits.ActionDraft, To: permits.StateDrafted, At: at, Actor: s.staff[0]},
			{Action: permits.ActionSubmit, From: permits.StateDrafted, To: permits.StateSubmitted, At: at.Add(5 * time.Minute), Actor: s.staff[0]},
			{Action: permits.ActionApprove, From: permits.StateSubmitted, To: permits.StateClosed, At: decided, Actor: s.chief, Role: organisation.RoleInfoManager},
		}
		permitOf[l.ID] = len(hs)
		hs = append(hs, h)
	}
	parts := []string{"帳票のデータ入力", "運用監視（夜間）", "プログラム改修の一部", "印刷・封入封緘", "ヘルプデスク"}
	workplaces := []string{"本庁舎3階 情報システム室", "本庁舎5階 執務室", "受託者事業所（市内）", "データセンター"}
	staffN := 2
	if opts.Scale == City {
		staffN = 7
	}
	secOf := map[string]section{}
	for i := range nContracts {
		s := secs[i%len(secs)]
		id := fmt.Sprintf("K%04d", i+1)
		secOf[id] = s
		from := today.AddDate(0, 0, -rng.IntN(300))
		c := contractors.Contract{ID: id, Name: s.code + " " + parts[i%len(parts)] + "等業務委託", Unit: s.code, Contractor: pick(),
			From: from, To: from.AddDate(1, 0, -1), State: contractors.StateActive, MyNumber: i%7 == 0,
			Assets: []string{fmt.Sprintf("A%s-0001", s.code)}, Articles: articles("")}
		if i%3 == 0 { // the 課's first system, maintained under the contract
			if sys, _, err := db.ListSystems(ctx, store.SystemFilter{Units: []string{s.code}, Limit: 1}); err == nil && len(sys) > 0 {
				c.Systems = []string{sys[0].ID}
			} else if err != nil {
				return err
			}
		}
		switch id {
		case amaContract:
			c.Contractor = firmAmaA
		case lapsedContract:
			c.Contractor = firmLapsed
		case draftContract: // planted: work begun, clause ア(2) still missing (10.1.2ア)
			c.State, c.Articles = contractors.StateDraft, articles("a2")
		}
		if i%10 == 9 { // an ended contract of last year
			// Its assets came back when it ended; a contract is registered as
			// ended only with none outstanding (10.1.2ア(8)).
			c.From, c.To, c.State, c.Assets = from.AddDate(-1, 0, 0), from.AddDate(0, 0, -1), contractors.StateEnded, nil
		}
		b.Contracts = append(b.Contracts, store.BookRow[contractors.Contract]{Line: i + 2, Item: c})
		// The chain: a few 再委託, some passed on again, each approved.
		var links []contractors.Link
		if id == amaContract {
			links = []contractors.Link{
				{ID: id[1:] + "-1", From: firmAmaA, To: firmAmaB, Part: "住民データの集計"},
				// planted: B passed the work on without asking (10.1.4)
				{ID: id[1:] + "-2", From: firmAmaB, To: firmAmaC, Part: "集計データの持ち運び", State: contractors.LinkFound},
			}
		} else if c.State != contractors.StateEnded {
			used := map[string]bool{c.Contractor: true}
			givers := []string{c.Contractor}
			for k := range rng.IntN(6) {
				to := pick()
				if used[to] {
					continue
				}
				used[to] = true
				from := givers[rng.IntN(len(givers))]
				links = append(links, contractors.Link{ID: fmt.Sprintf("%s-%d", id[1:], k+1), From: from, To: to, Part: parts[rng.IntN(len(parts))]})
				givers = append(givers, to)
			}
		}
		for _, l := range links {
			l.ID, l.Contract = "S"+l.ID, id
			if l.State == "" {
				l.State = contractors.LinkActive
				approve(s, c, l)
			}
			b.Links = append(b.Links, store.BookRow[contractors.Link]{Line: len(b.Links) + 2, Item: l})
		}
		// Staff of the contractor and of its sub-contractors, checked on
		// their first day and trained.
		whos := []string{c.Contractor}
		for _, l := range links {
			whos = append(whos, l.To)
		}
		for k := range staffN {
			st := contractors.Staff{ID: fmt.Sprintf("W%s-%d", id[1:], k+1), Contract: id, Name: fmt.Sprintf("委託 従事者%d-%d", i+1, k+1),
				Affiliation: whos[k%len(whos)], Workplace: workplaces[rng.IntN(len(workplaces))], TrainedOn: c.From, From: c.From, To: c.To,
				Checks: []contractors.IdentityCheck{{On: c.From, Checker: s.chief, Shown: []string{"社員証", "運転免許証"}[k%2]}}}
			b.Staff = append(b.Staff, store.BookRow[contractors.Staff]{Line: len(b.Staff) + 2, Item: st})
		}
	}
	// The approvals first, so that each active link names its permit.
	reg, err := permits.Default()
	if err != nil {
		return err
	}
	loaded, err := db.Permits(reg).LoadHistory(ctx, hs)
	if err != nil {
		return fmt.Errorf("load the 再委託 approvals: %w", err)
	}
	for i := range b.Links {
		if j, ok := permitOf[b.Links[i].Item.ID]; ok {
			b.Links[i].Item.Permit = loaded[j].ID
		}
	}
	chiefOf := map[string]string{}
	for id, s := range secOf {
		chiefOf[id] = s.chief
	}
	planted, err := contractorExtras(ctx, db, &b, today, chiefOf)
	if err != nil {
		return err
	}
	plan, err := db.ImportContractors(ctx, registers.Console(), b, false)
	if err != nil {
		return fmt.Errorf("write the contractor register: %w", err)
	}
	sum.Lines = append(sum.Lines, fmt.Sprintf("contractors: %d contractors, %d contracts, %d 再委託 (%d approvals), %d staff (%d records)",
		len(b.Contractors), len(b.Contracts), len(b.Links), len(hs), len(b.Staff), len(plan.Added)))
	sum.Lines = append(sum.Lines, fmt.Sprintf("contractors: %d checks, %d returns, %d external services", len(b.Checks), len(b.Returns), len(b.Services)))
	plant()
	if planted {
		sum.plant("service.terms-class3", "external_service:"+serviceTermsClass3, "10.2")
	}
	return nil
}
