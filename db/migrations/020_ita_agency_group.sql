-- The ITA O-code map per agency group (กลุ่มหน่วยงาน). ITA assesses local governments in groups by kind, and the
-- numbers of one ITA year are not confirmed to be the same for every group, so a row may be for one group
-- (agency_group = an organisation kind), for every group (NULL), or for one organisation (organization_id set,
-- agency_group NULL). The evidence pack and the public page take the most specific row of each document kind:
-- the organisation's own, else its group's, else the default.
ALTER TABLE ita_document_map
  ADD COLUMN agency_group text CHECK (agency_group IN ('sao', 'subdistrict_municipality', 'town_municipality', 'city_municipality')),
  ADD CONSTRAINT ita_document_map_one_scope CHECK (organization_id IS NULL OR agency_group IS NULL),
  DROP CONSTRAINT ita_document_map_organization_id_ita_year_document_kind_key,
  ADD CONSTRAINT ita_document_map_scope_year_kind UNIQUE NULLS NOT DISTINCT (organization_id, agency_group, ita_year, document_kind);
