package contractors

import (
	"time"

	"kijun/internal/kijun"
)

// Outcome is what became of an entrusted asset when the work ended
// (10.1.2ア(8)): returned to the city, or disposed of by the contractor.
type Outcome string

// The outcomes of an entrusted asset.
const (
	OutcomeReturned Outcome = "returned" // 返還
	OutcomeDisposed Outcome = "disposed" // 廃棄
)

// Outcomes lists the outcomes in order.
func Outcomes() []Outcome { return []Outcome{OutcomeReturned, OutcomeDisposed} }

// Label is the outcome's Japanese name.
func (o Outcome) Label() string {
	switch o {
	case OutcomeReturned:
		return "返還"
	case OutcomeDisposed:
		return "廃棄"
	}
	return string(o)
}

// ParseOutcome reads an outcome by identifier or Japanese name.
func ParseOutcome(s string) (Outcome, bool) {
	for _, o := range Outcomes() {
		if s == string(o) || s == o.Label() {
			return o, true
		}
	}
	return "", false
}

// Return records what became of one asset a contract entrusted, when the
// work ends: 10.1.2ア(8) asks the contract to bind the contractor to
// return or dispose of every information asset it was given, and a
// disposal is shown by the contractor's certificate (廃棄証明書).
type Return struct {
	Contract string    `json:"contract"`
	Asset    string    `json:"asset"`
	Outcome  Outcome   `json:"outcome"`
	On       time.Time `json:"on"`
	// Certificate names the disposal certificate (its number or title);
	// required for a disposal.
	Certificate string `json:"certificate,omitempty"`
	Note        string `json:"note,omitempty"`
	// RecordedBy is the staff number of who recorded it, set by the store.
	RecordedBy string    `json:"recorded_by,omitempty"`
	CreatedAt  time.Time `json:"created_at,omitzero"`
}

// The form fields of a return.
const (
	FieldAsset       = "asset"
	FieldOutcome     = "outcome"
	FieldReturnedOn  = "returned_on"
	FieldCertificate = "certificate"
	FieldNote        = "note"
)

// Check returns what is wrong with r on its own: whether the contract
// entrusts the asset is for the store to say.
func (r Return) Check() []kijun.FieldError {
	fe := &kijun.FieldErrors{}
	if r.Contract == "" {
		fe.Add(FieldContract, "契約番号を入力してください")
	}
	if r.Asset == "" {
		fe.Add(FieldAsset, "返還・廃棄した情報資産の管理番号を入力してください")
	} else if !idPattern.MatchString(r.Asset) {
		fe.Add(FieldAsset, "管理番号 %q が正しくありません", r.Asset)
	}
	if _, ok := ParseOutcome(string(r.Outcome)); !ok {
		fe.Add(FieldOutcome, "返還か廃棄かを選んでください")
	}
	if r.On.IsZero() {
		fe.Add(FieldReturnedOn, "返還・廃棄の日を入力してください")
	}
	// 10.1.2ア(8): a disposal is shown by the contractor's certificate.
	if r.Outcome == OutcomeDisposed && r.Certificate == "" {
		fe.Add(FieldCertificate, "廃棄には事業者の廃棄証明書（番号や表題）を入力してください（10.1.2ア(8)）")
	}
	fe.Text(FieldCertificate, "廃棄証明書", r.Certificate, kijun.MaxName, false)
	fe.Text(FieldNote, "備考", r.Note, 1000, true)
	return fe.Fields
}

// Unaccounted returns the assets of c with no return or disposal among
// returns, in c's order: what stands between the contract and its end
// (10.1.2ア(8)).
func (c Contract) Unaccounted(returns []Return) []string {
	done := map[string]bool{}
	for _, r := range returns {
		if r.Contract == c.ID {
			done[r.Asset] = true
		}
	}
	var out []string
	for _, a := range c.Assets {
		if !done[a] {
			out = append(out, a)
		}
	}
	return out
}
