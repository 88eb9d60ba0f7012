-- The target a 招商 (investment-promotion) task pursues: the candidate enterprise it came from,
-- the gap it fills, its score and the reasons (codes and values, JSON) as they stood when
-- assigned, so that the trace runs target → task → project even after the registry changes.
CREATE TABLE task_targets (
    task_id VARCHAR PRIMARY KEY, enterprise_id VARCHAR NOT NULL, name_zh VARCHAR, name_en VARCHAR,
    region_code VARCHAR, industry_code VARCHAR, chain_id VARCHAR NOT NULL, segment_id VARCHAR NOT NULL,
    city VARCHAR NOT NULL, registry VARCHAR NOT NULL, synthetic BOOLEAN NOT NULL, score DOUBLE,
    reasons VARCHAR, created DATE NOT NULL
);
CREATE INDEX task_targets_enterprise ON task_targets (enterprise_id);
