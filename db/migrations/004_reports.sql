-- The six-month and annual anti-corruption progress reports. A report version freezes the data it was written from
-- (snapshot), so the published document can be produced again byte for byte years later, whatever happened to the
-- live rows since. A correction is a new version; the one it replaces becomes 'superseded', never edited.

CREATE TABLE reports (
  id               bigserial PRIMARY KEY,
  organization_id  bigint NOT NULL REFERENCES organizations(id),
  kind             text NOT NULL CHECK (kind IN ('six_month', 'annual')),
  fiscal_year      integer NOT NULL,
  version          integer NOT NULL CHECK (version >= 1),
  status           text NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'in_review', 'published', 'superseded')),
  -- Who asked for this version (a workflow id + attempt purpose): a retried activity must not add a second version.
  request_key      text UNIQUE,
  snapshot         jsonb NOT NULL,
  -- Over the canonical JSON of the snapshot (keys sorted), so it can be checked after a jsonb round trip.
  snapshot_sha256  text NOT NULL CHECK (snapshot_sha256 ~ '^[0-9a-f]{64}$'),
  created_at       timestamptz NOT NULL DEFAULT now(),
  published_at     timestamptz,
  CHECK ((status = 'published') = (published_at IS NOT NULL) OR status = 'superseded'),
  UNIQUE (organization_id, kind, fiscal_year, version)
);
-- Citizens and the ITA assessors must find exactly one current document per report.
CREATE UNIQUE INDEX reports_one_published ON reports (organization_id, kind, fiscal_year) WHERE status = 'published';

-- Documents rendered from a report's snapshot. Small enough for the database; storage_path (relative to DATA_DIR) is
-- there for deployments that keep large files on disk instead.
CREATE TABLE report_files (
  report_id     bigint NOT NULL REFERENCES reports(id),
  format        text NOT NULL CHECK (format IN ('html', 'pdf', 'docx', 'xlsx', 'csv', 'json')),
  lang          text NOT NULL DEFAULT 'th' CHECK (lang IN ('th', 'en')),
  content_type  text NOT NULL,
  file_name     text NOT NULL,
  bytes         bytea,
  storage_path  text CHECK (storage_path IS NULL OR (storage_path !~ '^/' AND storage_path !~ '\.\.')),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes    integer NOT NULL CHECK (size_bytes > 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((bytes IS NULL) <> (storage_path IS NULL)),
  PRIMARY KEY (report_id, format, lang)
);

-- Which ITA (OIT) item number each document answers in a given ITA year. The numbers change almost every year, so
-- this is data an administrator edits, not code. organization_id NULL = the default for every organisation; a row
-- for one organisation overrides the default with the same ita_year and document_kind.
-- fiscal_year_offset: the fiscal year the document covers relative to the ITA year (0 = the same year, -1 = the
-- previous one, as ITA 2569 asks for the previous year's result).
CREATE TABLE ita_document_map (
  id                  bigserial PRIMARY KEY,
  organization_id     bigint REFERENCES organizations(id),
  ita_year            integer NOT NULL,
  o_code              text NOT NULL CHECK (o_code ~ '^O[0-9]{1,3}$'),
  document_kind       text NOT NULL CHECK (document_kind IN ('plan', 'six_month', 'annual')),
  fiscal_year_offset  integer NOT NULL DEFAULT 0 CHECK (fiscal_year_offset BETWEEN -1 AND 0),
  label_th            text NOT NULL,
  label_en            text NOT NULL,
  -- The O-code was read in public ITA material of that year (true) or inferred from practice (false).
  confirmed           boolean NOT NULL DEFAULT false,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (organization_id, ita_year, document_kind)
);

INSERT INTO ita_document_map (organization_id, ita_year, o_code, document_kind, fiscal_year_offset, label_th, label_en, confirmed)
VALUES
  (NULL, 2564, 'O39', 'plan', 0, 'แผนปฏิบัติการป้องกันการทุจริต', 'Anti-corruption action plan', true),
  (NULL, 2564, 'O40', 'six_month', 0, 'รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน',
   'Six-month monitoring report on anti-corruption implementation', true),
  (NULL, 2564, 'O41', 'annual', -1, 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปี',
   'Annual report on anti-corruption implementation results', true),
  (NULL, 2565, 'O39', 'plan', 0, 'แผนปฏิบัติการป้องกันการทุจริต', 'Anti-corruption action plan', true),
  (NULL, 2565, 'O40', 'six_month', 0, 'รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน',
   'Six-month monitoring report on anti-corruption implementation', true),
  (NULL, 2565, 'O41', 'annual', -1, 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปี',
   'Annual report on anti-corruption implementation results', true),
  (NULL, 2566, 'O36', 'plan', 0, 'แผนปฏิบัติการป้องกันการทุจริต', 'Anti-corruption action plan', true),
  (NULL, 2566, 'O37', 'six_month', 0, 'รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน',
   'Six-month monitoring report on anti-corruption implementation', true),
  (NULL, 2566, 'O38', 'annual', -1, 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปี',
   'Annual report on anti-corruption implementation results', true),
  (NULL, 2567, 'O36', 'plan', 0, 'แผนปฏิบัติการป้องกันการทุจริต', 'Anti-corruption action plan', true),
  (NULL, 2567, 'O37', 'six_month', 0, 'รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน',
   'Six-month monitoring report on anti-corruption implementation', true),
  (NULL, 2567, 'O38', 'annual', -1, 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปี',
   'Annual report on anti-corruption implementation results', true),
  -- ITA 2568 and 2569 appear to have dropped the separate six-month item; the 2568 numbers are assumed to be those
  -- read for 2569 until someone checks that year's manual.
  (NULL, 2568, 'O23', 'plan', 0, 'แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณปัจจุบัน',
   'Anti-corruption action plan for the current fiscal year', false),
  (NULL, 2568, 'O24', 'annual', -1, 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปีของปีงบประมาณที่ผ่านมา',
   'Anti-corruption implementation results of the previous fiscal year', false),
  (NULL, 2569, 'O23', 'plan', 0, 'แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณปัจจุบัน',
   'Anti-corruption action plan for the current fiscal year', false),
  (NULL, 2569, 'O24', 'annual', -1, 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปีของปีงบประมาณที่ผ่านมา',
   'Anti-corruption implementation results of the previous fiscal year', false);
