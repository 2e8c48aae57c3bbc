-- 10.1 / 9.3, 9.4: the 委託事業者 an incident involves (and, when known,
-- the contract it arose under), so the statistics count incidents by
-- contractor and a contractor's page lists its incidents. '' for none.
ALTER TABLE incidents ADD COLUMN contractor_id TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN contract_id TEXT NOT NULL DEFAULT '';
CREATE INDEX incidents_contractor ON incidents (contractor_id, discovered_at);
