-- 7.4.1 ID カード等の管理: the register of ID cards and tokens. A card is
-- issued to a person, or to a 課 (共用, イ(1)); a loss report stops it at
-- once (ウ); a replaced card is returned and destroyed (エ).
CREATE TABLE id_cards (
    number       TEXT PRIMARY KEY,
    kind         TEXT    NOT NULL, -- card, token
    holder       TEXT    NOT NULL DEFAULT '', -- staff number; '' for a 課's card
    unit_code    TEXT    NOT NULL,
    state        TEXT    NOT NULL, -- issued, lost, returned, destroyed
    issued_on    TEXT    NOT NULL,
    lost_on      TEXT    NOT NULL DEFAULT '',
    returned_on  TEXT    NOT NULL DEFAULT '',
    destroyed_on TEXT    NOT NULL DEFAULT '',
    replaces     TEXT    NOT NULL DEFAULT '',
    note         TEXT    NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX id_cards_holder ON id_cards (holder, state);
CREATE INDEX id_cards_unit ON id_cards (unit_code, state);
