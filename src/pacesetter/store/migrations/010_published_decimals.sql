-- Published precision: the decimals a figure was published with ("4%" → 0, "0.99个百分点" → 2),
-- filled at import from the value as written (or a `decimals` column of the file). NULL: not
-- known; the figure is then shown with its unit's usual precision (release/precision.py).
ALTER TABLE observations ADD COLUMN decimals INTEGER;
