-- The data classes (wire values: card-number, iban, national-id, email, token) each call's response carried, so the
-- audit trail can be searched by them (GET /api/v1/calls?dataClass=card-number). Calls stored before carry none.
ALTER TABLE api_calls ADD COLUMN data_classes text[] NOT NULL DEFAULT '{}';
CREATE INDEX api_calls_data_classes ON api_calls USING gin (data_classes);
