-- What the sidecar does with a call that breaks the API's spec (the positive model), as the inventory asked for it:
-- off, monitor or enforce; NULL when the API has a readable spec that names no mode, so the configured default
-- (apiguard.enforcement.positive-model.default-validation) applies when the rule set is built, and a changed default
-- reaches every such route at the next restart without a replay of apiguard.inventory. Routes kept before this
-- column carry no request contracts: off until the inventory announces them again.
alter table api_route add column validation text;
update api_route set validation = 'off';
