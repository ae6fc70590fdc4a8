-- The OpenAPI document of each API whose declaration names one, as discovery last read it; served at
-- GET /api/v1/apis/{id}/openapi. Kept out of api_endpoint (and off the inventory event): documents run to megabytes.
CREATE TABLE api_spec (
    api_id     TEXT PRIMARY KEY REFERENCES api_endpoint (id) ON DELETE CASCADE,
    reference  TEXT        NOT NULL,
    document   TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
