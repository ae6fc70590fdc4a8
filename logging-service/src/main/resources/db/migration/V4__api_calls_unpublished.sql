-- Calls stored but not yet acknowledged on apiguard.calls.normalized. A row is written by the same statement that
-- stores the call and deleted once the broker acknowledged the call's publication, so a call is published only when it
-- was newly stored (a resend publishes nothing twice) and a call whose publication failed, or was cut short by a
-- stop, is still owed to the stream: the sweep publishes what is left here after apiguard.logging.stream.republish-after.
CREATE TABLE api_calls_unpublished (
    ts        timestamptz NOT NULL,
    id        uuid        NOT NULL,
    queued_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ts, id)
);

CREATE INDEX api_calls_unpublished_queued ON api_calls_unpublished (queued_at);
