package demo

import (
	"strings"
)

// Plant is one shortfall the demo city is given on purpose: the rule that
// finds it, the record it is on (kind:id, as findings name it) and the
// provision the finding cites. Everything the demo writes that no plant
// names meets the rules and the separation proof of chapter 5, so a check
// of a fresh demo city finds exactly the plants.
type Plant struct {
	Rule      string `json:"rule"`
	Subject   string `json:"subject"`
	Provision string `json:"provision"`
}

// Chapter is the chapter of the standard the plant's provision falls in.
func (p Plant) Chapter() string {
	ch, _, _ := strings.Cut(p.Provision, ".")
	return ch
}

// plant records a shortfall where the generator makes it.
func (s *Summary) plant(rule, subject, provision string) {
	s.Planted = append(s.Planted, Plant{Rule: rule, Subject: subject, Provision: provision})
}

// The 課 of the city, in order of their codes, take turns at the planted
// shortfalls: the 課 at index i has slot i % plantCycle, and each part
// plants what its slot says. Thirteen slots give the small city one 課 of
// each and the large city about 77.
const plantCycle = 13

// The slots. Slot 0 and unnamed combinations are 課 that meet every rule.
const (
	slotDisposedHeld    = 1  // 4.2ケ(1): a disposed asset still on the shared PC
	slotNoHolder        = 2  // 4.2カ(1): an asset whose storage is not recorded
	slotMobileData      = 3  // 7.1.1オ(6): data kept on a counter tablet
	slotForeignHolder   = 5  // 7.1.1カ(1): an asset on a private device
	slotForeignHolderC3 = 6  // 7.1.1カ(2): a 機密性3 asset on a private USB stick
	slotMyNumberPC      = 7  // 5.1イ(2): My Number data on a PC without USB control
	slotUnsupervised    = 3  // 3.1.8, 8.3.2ア(1): a contractor runs a system nobody administers
	slotNoBackup        = 1  // 8.1.3: a 可用性2 system without backup
	slotEndOfSupport    = 2  // 8.4.1エ: software past its end of support
	slotNotRedundant    = 5  // 6.1.2
	slotNoUPS           = 6  // 6.1.3ア
	slotNoLogReview     = 8  // 8.1.7ウ
	slotSupportUnknown  = 10 // 8.4.1エ: software whose end of support is not known
	slotPublicDomain    = 11 // 8.1.12ア: an event site outside lg.jp
	slotNoDocuments     = 12 // 8.1.6
	slotNoClauses       = 4  // 10.1.2ア: a contractor's contract without the security matters
	slotSharedPCNoCrypt = 2  // 6.4.3: the shared PC not encrypted
	slotSharedPCNoBIOS  = 4  // 6.4.2ア: the shared PC without a boot password
	slotMediumUnlocked  = 8  // 6.4.1: a spare medium kept nowhere locked
	slotMediumNoCrypt   = 9  // 6.4.3: the backup medium not encrypted
	slotMediumLoose     = 4  // 4.2カ(3): the backup medium kept nowhere locked
)

// slotOf is the slot of the 課 at index i.
func slotOf(i int) int { return i % plantCycle }
