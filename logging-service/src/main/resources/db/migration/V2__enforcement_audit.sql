-- What enforcement did, as operators and auditors ask for it: which rule blocked whom, from when, by whose decision,
-- and which sidecar accepted which rule set. One row per event; an event delivered twice has the same digest.
CREATE TABLE enforcement_audit (
    digest          text        PRIMARY KEY,
    kind            text        NOT NULL,
    rule_id         text,
    subject         text,
    sidecar         text,
    rule_set_version bigint     NOT NULL,
    occurred_at     timestamptz NOT NULL,
    event           text        NOT NULL
);
CREATE INDEX enforcement_audit_time ON enforcement_audit (occurred_at DESC);
CREATE INDEX enforcement_audit_rule ON enforcement_audit (rule_id, occurred_at DESC);
CREATE INDEX enforcement_audit_subject ON enforcement_audit (subject, occurred_at DESC);
