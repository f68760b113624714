-- The section (งาน) a person works in inside their division, as the people import reads it: the structure's name
-- when the organisation's structure has that section (domain/units.ts), else as the file wrote it.
ALTER TABLE people ADD COLUMN section text NOT NULL DEFAULT '';
