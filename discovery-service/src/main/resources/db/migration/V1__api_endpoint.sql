-- The API inventory. The full ApiEndpoint (as published on apiguard.inventory) lives in `document`; the columns
-- beside it are what the REST API filters and orders by.
CREATE TABLE api_endpoint (
    id         TEXT PRIMARY KEY,
    host       TEXT        NOT NULL,
    path       TEXT        NOT NULL,
    namespace  TEXT,
    state      TEXT        NOT NULL,
    exposure   TEXT,
    source     TEXT        NOT NULL,
    document   TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    -- Order of the in-memory mutation that wrote the row; an older, slower write never overwrites a newer one.
    sequence   BIGINT      NOT NULL
);

CREATE INDEX api_endpoint_order ON api_endpoint (host, path, id);
CREATE INDEX api_endpoint_namespace ON api_endpoint (namespace, host, path, id);
CREATE INDEX api_endpoint_state ON api_endpoint (state, host, path, id);
