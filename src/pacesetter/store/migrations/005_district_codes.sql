-- Districts by code: the GB/T 2260 code of the district or county-level city beside the
-- published district text of projects and parks. NULL is "district unknown / 区县未知"
-- (the text does not place it in one district); data/districts.yaml holds the rules.
ALTER TABLE projects ADD COLUMN district_code VARCHAR;
ALTER TABLE parks ADD COLUMN district_code VARCHAR;
