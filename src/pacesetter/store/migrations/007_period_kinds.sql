-- The period kinds each indicator is published as (year, quarter, month, ytd, range) and whether
-- January is released only with February; NULL where the catalogue does not say.
ALTER TABLE indicators ADD COLUMN period_kinds VARCHAR[];
ALTER TABLE indicators ADD COLUMN jan_feb_combined BOOLEAN;
