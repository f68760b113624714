-- Who an item is for (กลุ่มเป้าหมาย), as the plan wrote it: e-PlanNACC asks for it in every round's report. NULL for
-- items of versions stored before the importer kept it, and for items that state none.
ALTER TABLE items ADD COLUMN target_group text;
