-- The coordinator's corrections of an imported plan before it is confirmed: the plan as corrected so far, beside
-- the importer's own reading in `result` (kept as read). Null until the first correction; confirmation stores this one.
ALTER TABLE plan_imports ADD COLUMN corrected jsonb;
