-- False-positive verdicts are attributed: who marked a detection (the verified token's subject, never the body), why,
-- when, and the allowlist entry the verdict created. Null for detections never marked (and for marks before V2).
ALTER TABLE detection
    ADD COLUMN false_positive_by     TEXT,
    ADD COLUMN false_positive_reason TEXT,
    ADD COLUMN false_positive_at     TIMESTAMPTZ,
    ADD COLUMN allowlist_entry       TEXT;

-- Allowlist entries become records of their own: an id, an author, an expiry and a withdrawal, kept once they end,
-- so one type and subject may have several over time (hence no more primary key on the pair).
ALTER TABLE detector_allowlist DROP CONSTRAINT detector_allowlist_pkey;
ALTER TABLE detector_allowlist
    ADD COLUMN id           TEXT,
    ADD COLUMN created_by   TEXT,
    ADD COLUMN expires_at   TIMESTAMPTZ,
    ADD COLUMN withdrawn_by TEXT,
    ADD COLUMN withdrawn_at TIMESTAMPTZ;

-- Entries from before V2 were made by unauthenticated callers (a detected attacker could make itself immune) and
-- never expired: they end now, kept for the record, and an operator marks again what is still a false positive.
UPDATE detector_allowlist
SET id = md5(type || E'\n' || incident_key)::uuid::text,
    expires_at = now();

ALTER TABLE detector_allowlist
    ALTER COLUMN id SET NOT NULL,
    ALTER COLUMN expires_at SET NOT NULL,
    ADD PRIMARY KEY (id);

-- What every replica reloads: the entries neither withdrawn nor (by the query's clock) expired.
CREATE INDEX detector_allowlist_open ON detector_allowlist (type, incident_key, expires_at) WHERE withdrawn_at IS NULL;
CREATE INDEX detector_allowlist_created ON detector_allowlist (created_at DESC, id);
