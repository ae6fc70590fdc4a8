-- What a rate-limit rule's buckets are kept per (caller, address, operation, api; RateKey's wire values). NULL for
-- block and monitor rules, and for rate limits kept per caller: every rule stored before this column.
alter table enforcement_rule add column rate_key text;
