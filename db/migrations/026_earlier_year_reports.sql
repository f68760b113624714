-- The old report of a fiscal year before go-live, as its file (usually the signed and published PDF), uploaded by
-- the coordinator beside the results entered from it (023), so that the ITA pack carries the original next to the
-- report compiled from the entries. One file per organisation and year: a new upload replaces it, audited. The bytes
-- are in the file store under their hash (the evidence namespace: the same checks as evidence).
CREATE TABLE earlier_year_reports (
  organization_id bigint NOT NULL REFERENCES organizations(id),
  fiscal_year     integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  file_name       text NOT NULL,
  content_type    text NOT NULL,
  size_bytes      integer NOT NULL CHECK (size_bytes > 0),
  sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key     text NOT NULL,
  uploaded_by     bigint NOT NULL REFERENCES people(id),
  uploaded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, fiscal_year)
);
