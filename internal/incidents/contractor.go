package incidents

// Finding is what the CSIRT records when it finds the cause (7.3.3エ): the
// class and text of the root cause, and the 委託事業者 of the register and
// the contract involved, if any (10.1). A cause of 委託先 names one.
type Finding struct {
	Cause        Cause
	Text         string
	ContractorID string
	ContractID   string
}
