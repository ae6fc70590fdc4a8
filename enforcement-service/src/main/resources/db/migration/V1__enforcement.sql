-- Rules as operators and policy made them; a rule leaves the active set by expiring or being deleted, and stays here
-- for the record.
create table enforcement_rule (
    id                     varchar(200) primary key,
    subject                text,
    credential_fingerprint text,
    client_cidr            text,
    api_id                 text,
    method                 text,
    path_template          text,
    payload_signature      text,
    action                 text        not null,
    rate_per_second        integer,
    reason                 text,
    detection_id           text,
    created_by             text        not null,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    expires_at             timestamptz,
    mode                   text        not null,
    state                  text        not null
);
create index enforcement_rule_active_expiry on enforcement_rule (expires_at) where state = 'active';
create index enforcement_rule_detection on enforcement_rule (detection_id) where detection_id is not null;

-- Every version of the active rule set: the sequence makes versions monotonic across restarts.
create sequence rule_set_version_seq start with 1;
create table rule_set_version (
    version    bigint primary key,
    hash       text        not null,
    rule_count integer     not null,
    created_at timestamptz not null
);

-- Sidecars, registered (heartbeats) and/or discovered (pod label); the version each acknowledged.
create table sidecar (
    id            text primary key,
    namespace     text        not null,
    pod           text        not null,
    service       text,
    admin_url     text,
    mode          text        not null,
    registered    boolean     not null default false,
    discovered    boolean     not null default false,
    acked_version bigint      not null default 0,
    acked_at      timestamptz,
    last_contact  timestamptz,
    last_error    text,
    first_seen    timestamptz not null
);

-- What discovery says about each API's exposure and backend, to measure the share of external APIs covered.
create table api_exposure (
    api_id     text primary key,
    namespace  text,
    service    text,
    exposure   text,
    updated_at timestamptz not null
);
