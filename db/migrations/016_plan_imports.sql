-- A plan file being imported by the plan-import workflow (a scan's OCR takes minutes): the file itself, what the
-- person said about it, the OCR'd pages as they are read (so a retried activity reads no page twice), and the
-- outcome: the canonical plan with its findings, or why the document is unusable.
CREATE TABLE plan_imports (
  id              bigserial PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  file_name       text NOT NULL,
  source          bytea NOT NULL,
  plan_years      integer[],
  requested_by    text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  result          jsonb,
  error           jsonb,
  finished_at     timestamptz
);

CREATE TABLE plan_import_pages (
  import_id bigint NOT NULL REFERENCES plan_imports(id) ON DELETE CASCADE,
  page      integer NOT NULL CHECK (page >= 1),
  layout    jsonb NOT NULL,
  PRIMARY KEY (import_id, page)
);
