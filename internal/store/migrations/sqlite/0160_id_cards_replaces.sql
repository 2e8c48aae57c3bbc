-- 7.4.1ウ, エ: the checks look for the card that replaced each card (a
-- replaced card still in use, or returned and not destroyed), and the list
-- of cards owed back does too; without an index each card scanned the
-- whole register for its replacement.
CREATE INDEX id_cards_replaces ON id_cards (replaces);
