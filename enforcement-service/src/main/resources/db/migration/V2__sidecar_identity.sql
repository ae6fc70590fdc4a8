-- A sidecar's entry belongs to the pod its token names: the pod's uid tells a recreated pod of the same name apart.
alter table sidecar add column pod_uid text;
-- The highest version actually delivered to the sidecar (an acknowledged push or a pull it made): a heartbeat may
-- claim to enforce that version or an older one, never one it was never given.
alter table sidecar add column delivered_version bigint not null default 0;
