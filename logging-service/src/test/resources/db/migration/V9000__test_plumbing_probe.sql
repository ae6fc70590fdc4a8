-- Test-only table of the plumbing test: what the test consumer received through the real broker.
CREATE TABLE plumbing_probe (
    call_id            UUID PRIMARY KEY,
    subject            TEXT        NOT NULL,
    cloud_event_id     TEXT        NOT NULL,
    cloud_event_type   TEXT        NOT NULL,
    cloud_event_source TEXT        NOT NULL,
    kafka_key          TEXT,
    payload            TEXT        NOT NULL,
    received_at        TIMESTAMPTZ NOT NULL
);
