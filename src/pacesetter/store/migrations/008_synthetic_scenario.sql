-- The demo's synthetic scenario, marked where it lives, and project ids a person can type.
-- projects.synthetic_fields: the fields of a row whose values are synthetic (NULL: none);
-- tasks.synthetic and task_projects.synthetic: the whole row is synthetic;
-- scenarios: the seed and the fixed date ("today") a synthetic scenario was generated for.
-- projects.alias: a short id (P-0001) accepted wherever a project id is; stores that already
-- hold projects number them in id order.
ALTER TABLE projects ADD COLUMN alias VARCHAR;
ALTER TABLE projects ADD COLUMN synthetic_fields VARCHAR[];
ALTER TABLE tasks ADD COLUMN synthetic BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE task_projects ADD COLUMN synthetic BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE scenarios (
    id VARCHAR PRIMARY KEY, seed BIGINT NOT NULL, as_of DATE NOT NULL, note VARCHAR
);
UPDATE projects SET alias = numbered.alias
FROM (SELECT id, 'P-' || lpad(CAST(row_number() OVER (ORDER BY id) AS VARCHAR), 4, '0') AS alias
      FROM projects) AS numbered
WHERE projects.id = numbered.id;
