-- Chains from the store: the position of chains and segments in lists (NULL: after the
-- positioned ones, then by id for chains and by insertion order for segments).
ALTER TABLE chains ADD COLUMN position INTEGER;
ALTER TABLE segments ADD COLUMN position INTEGER;
