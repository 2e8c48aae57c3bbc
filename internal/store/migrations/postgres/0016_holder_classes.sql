-- Each asset's classes are kept with what holds it, as the asset is
-- written, so that the highest class of a holder (4.2オ(4)) is read from
-- one index: the 住民記録システム holds thousands of assets, and a
-- re-check after it changes read each of them.
ALTER TABLE asset_holders ADD COLUMN confidentiality INTEGER NOT NULL DEFAULT 0;
ALTER TABLE asset_holders ADD COLUMN integrity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE asset_holders ADD COLUMN availability INTEGER NOT NULL DEFAULT 0;
UPDATE asset_holders SET confidentiality = a.confidentiality, integrity = a.integrity, availability = a.availability
    FROM assets a WHERE a.id = asset_holders.asset_id;
CREATE INDEX asset_holders_class ON asset_holders (holder, confidentiality, integrity, availability);
