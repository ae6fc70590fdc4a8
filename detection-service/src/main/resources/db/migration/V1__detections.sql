-- Detections: one row per incident, upserted as it grows. The full Detection (as published on apiguard.detections)
-- lives in `document`; the columns beside it are what the REST API filters and orders by.
CREATE TABLE detection (
    id            TEXT PRIMARY KEY,
    type          TEXT        NOT NULL,
    severity      TEXT        NOT NULL,
    severity_rank INT         NOT NULL,
    subject       TEXT,
    incident_key  TEXT        NOT NULL,
    state         TEXT        NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL,
    window_end    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    document      TEXT        NOT NULL
);

CREATE INDEX detection_updated ON detection (updated_at DESC, id);
CREATE INDEX detection_subject ON detection (subject, updated_at DESC);
CREATE INDEX detection_type ON detection (type, updated_at DESC);

-- What operators marked as false positive: the detection type is never raised again for that subject or address.
CREATE TABLE detector_allowlist (
    type         TEXT        NOT NULL,
    incident_key TEXT        NOT NULL,
    detection_id TEXT,
    reason       TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (type, incident_key)
);

-- Learned baselines per call-stream partition and detector (JSON written by the detector), reloaded on assignment.
CREATE TABLE detector_baseline (
    topic_partition INT         NOT NULL,
    detector        TEXT        NOT NULL,
    snapshot        TEXT        NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (topic_partition, detector)
);
