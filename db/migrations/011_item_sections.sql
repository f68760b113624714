-- The section (งาน) of the responsible division an item names, as a key of the organisation's structure
-- (domain/units.ts) and as the plan wrote it. Nullable: versions stored before sections were read have none.
ALTER TABLE items ADD COLUMN responsible_section_key text;
ALTER TABLE items ADD COLUMN responsible_section_text text;
