package compliance

// Card is an ID card or token of the register of 7.4.1 as the rules read
// it: only the cards that are still owed something are read (not yet
// destroyed), with what replaced them and whether their holder has left.
type Card struct {
	// Number is the card's number, KindLabel what it is (ID カード,
	// トークン); Holder the staff number it is issued to ("" for a card
	// given to a 課, 7.4.1イ(1)) and HolderName their name; Unit the 課
	// answering for it, whose 情報管理者 is told.
	Number, KindLabel, Holder, HolderName, Unit string
	// State is issued, lost, returned or destroyed.
	State string
	// ReplacedBy is the number of the card issued to replace this one
	// (7.4.1エ), "" when none; ReplacedOn the day it was issued.
	ReplacedBy, ReplacedOn string
	// HolderLeft is true when the holder has left the city; LeftOn the
	// day (YYYY-MM-DD).
	HolderLeft bool
	LeftOn     string
}
