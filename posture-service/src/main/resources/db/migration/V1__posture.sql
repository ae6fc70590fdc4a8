-- The inventory as posture-service last heard it on apiguard.inventory, so a restart re-evaluates without a replay.
CREATE TABLE posture_api (
    id           TEXT PRIMARY KEY,
    namespace    TEXT,
    document     TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    -- When the rules last ran over this API (Level 3: every API evaluated within the last hour).
    evaluated_at TIMESTAMPTZ
);

-- Findings with their lifecycle. The full finding (evidence, acknowledgement) lives in `document`; the columns beside
-- it are what operators and the REST API filter by.
CREATE TABLE finding (
    id             TEXT PRIMARY KEY,
    rule_id        TEXT        NOT NULL,
    api_id         TEXT        NOT NULL,
    namespace      TEXT,
    severity       TEXT        NOT NULL,
    state          TEXT        NOT NULL,
    owasp_category TEXT        NOT NULL,
    nist_csf       TEXT        NOT NULL,
    document       TEXT        NOT NULL,
    first_seen     TIMESTAMPTZ NOT NULL,
    last_seen      TIMESTAMPTZ NOT NULL,
    changed_at     TIMESTAMPTZ NOT NULL,
    -- Order of the in-memory change that wrote the row; an older, slower write never overwrites a newer one.
    version        BIGINT      NOT NULL
);

CREATE INDEX finding_api ON finding (api_id);
CREATE INDEX finding_state ON finding (state, severity);

-- Suppressions: a rule that does not apply to one API, a namespace, or anywhere.
CREATE TABLE suppression (
    id          TEXT PRIMARY KEY,
    rule_id     TEXT        NOT NULL,
    scope       TEXT        NOT NULL,
    scope_value TEXT,
    created_by  TEXT        NOT NULL,
    reason      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

-- Traffic counters per API (current and previous window), written periodically; never one row per call.
CREATE TABLE traffic_window (
    api_id     TEXT PRIMARY KEY,
    document   TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
