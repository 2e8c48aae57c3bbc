-- A re-check after a change to a connection replaces every open finding of
-- the separation proof (5.1 to 5.3, 6.3.6, 8.1.15) besides its own: this
-- index finds them by kind and rule instead of reading every open finding.
CREATE INDEX compliance_findings_kind ON compliance_findings (kind, closed_at, rule);
