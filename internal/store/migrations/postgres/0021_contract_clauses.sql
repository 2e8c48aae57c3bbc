-- 10.1.2ア: whether the contract with the system's 委託事業者 states the
-- thirteen security matters (confidentiality, subcontracting, incident
-- reports, inspection by the city and the rest).
ALTER TABLE systems ADD COLUMN contract_clauses INTEGER NOT NULL DEFAULT 0;
