-- The route table sidecars need to know each call's API and declared template: one route per inventoried API, kept
-- from apiguard.inventory and signed into every rule set. JSON of io.apiguard.common.rules.RuleSet.Route.
create table api_route (
    api_id     text primary key,
    route      jsonb not null,
    updated_at timestamptz not null
);
