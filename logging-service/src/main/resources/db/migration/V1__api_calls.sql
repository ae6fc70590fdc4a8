-- The audit trail: one row per API call, partitioned by day so retention drops whole partitions instead of deleting
-- rows. The primary key must contain the partition key; a call id comes with its capture timestamp, so a record
-- delivered twice carries the same (ts, id) and is stored once.
CREATE TABLE api_calls (
    id              uuid        NOT NULL,
    ts              timestamptz NOT NULL,
    subject         text,
    service_account text,
    principal_type  text        NOT NULL,
    individual      boolean     NOT NULL,
    api_id          text,
    host            text,
    method          text        NOT NULL,
    path_template   text,
    status          smallint    NOT NULL,
    client_ip       text,
    decision        text        NOT NULL,
    object_keys     text[]      NOT NULL,
    record          text        NOT NULL,
    PRIMARY KEY (ts, id)
) PARTITION BY RANGE (ts);

-- Rows older than the first day partition (late deliveries) land here instead of failing; retention deletes them.
CREATE TABLE api_calls_default PARTITION OF api_calls DEFAULT;

-- The query API filters by one of these and pages newest first.
CREATE INDEX api_calls_subject ON api_calls (subject, ts DESC);
CREATE INDEX api_calls_service_account ON api_calls (service_account, ts DESC);
CREATE INDEX api_calls_api ON api_calls (api_id, ts DESC);
CREATE INDEX api_calls_client_ip ON api_calls (client_ip, ts DESC);
CREATE INDEX api_calls_objects ON api_calls USING gin (object_keys);
