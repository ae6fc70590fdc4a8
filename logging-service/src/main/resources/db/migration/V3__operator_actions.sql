-- What operators did through apiguard's APIs (apiguard.audit), one row per action: an action delivered twice has the
-- same id and is stored once. The action is kept as it was published, beside the columns the audit API filters on.
CREATE TABLE operator_actions (
    id          uuid        PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    service     text        NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target_type text        NOT NULL,
    target_id   text        NOT NULL,
    -- When logging-service received it: an auditor can tell a late delivery from a late action.
    received_at timestamptz NOT NULL DEFAULT now(),
    event       text        NOT NULL
);

-- The audit API pages newest first by (occurred_at, id), unfiltered or by actor, target or service. Filters by action
-- kind ride on these: there are few kinds, so an index of their own would select little.
CREATE INDEX operator_actions_time ON operator_actions (occurred_at DESC, id DESC);
CREATE INDEX operator_actions_actor ON operator_actions (actor, occurred_at DESC, id DESC);
CREATE INDEX operator_actions_target ON operator_actions (target_type, target_id, occurred_at DESC, id DESC);
CREATE INDEX operator_actions_service ON operator_actions (service, occurred_at DESC, id DESC);
