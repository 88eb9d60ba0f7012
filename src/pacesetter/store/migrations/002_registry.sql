-- Registry: project lifecycle dates and amounts, park capacity, policy dates and reach,
-- tasks with links, optimistic versions, soft deletion and the audit log.
ALTER TABLE projects ADD COLUMN investor_id VARCHAR;
ALTER TABLE projects ADD COLUMN segments VARCHAR[];
ALTER TABLE projects ADD COLUMN park_id VARCHAR;
ALTER TABLE projects ADD COLUMN parent_id VARCHAR;
ALTER TABLE projects ADD COLUMN completed_yi DOUBLE;
ALTER TABLE projects ADD COLUMN expected_output_yi DOUBLE;
ALTER TABLE projects ADD COLUMN expected_tax_yi DOUBLE;
ALTER TABLE projects ADD COLUMN planned_signed DATE;
ALTER TABLE projects ADD COLUMN actual_signed DATE;
ALTER TABLE projects ADD COLUMN planned_started DATE;
ALTER TABLE projects ADD COLUMN actual_started DATE;
ALTER TABLE projects ADD COLUMN planned_producing DATE;
ALTER TABLE projects ADD COLUMN actual_producing DATE;
ALTER TABLE projects ADD COLUMN planned_at_capacity DATE;
ALTER TABLE projects ADD COLUMN actual_at_capacity DATE;
ALTER TABLE projects ADD COLUMN actual_terminated DATE;
ALTER TABLE projects ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE projects ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE parks ADD COLUMN capacity_mu DOUBLE;
ALTER TABLE parks ADD COLUMN occupied_mu DOUBLE;
ALTER TABLE parks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE parks ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE policies ADD COLUMN issued DATE;
ALTER TABLE policies ADD COLUMN expires DATE;
ALTER TABLE policies ADD COLUMN park_ids VARCHAR[];
ALTER TABLE policies ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE policies ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE enterprises ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE enterprises ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE tasks (
    id VARCHAR PRIMARY KEY, title VARCHAR NOT NULL, kind VARCHAR NOT NULL,
    chain_id VARCHAR, segment_id VARCHAR, indicator_id VARCHAR,
    owner VARCHAR NOT NULL, owner_kind VARCHAR NOT NULL, due DATE NOT NULL,
    status VARCHAR NOT NULL, escalation INTEGER NOT NULL DEFAULT 0, note VARCHAR,
    created DATE NOT NULL, version INTEGER NOT NULL DEFAULT 1,
    deleted BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE task_projects (
    task_id VARCHAR NOT NULL, project_id VARCHAR NOT NULL, PRIMARY KEY (task_id, project_id)
);
CREATE SEQUENCE audit_seq;
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp, actor VARCHAR NOT NULL,
    table_name VARCHAR NOT NULL, record_id VARCHAR NOT NULL, action VARCHAR NOT NULL,
    before VARCHAR, after VARCHAR, note VARCHAR
);
CREATE INDEX audit_record ON audit_log (table_name, record_id);
