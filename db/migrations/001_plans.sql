-- Organisations, their people and the imported plans. A plan is never edited in place: each import is a new
-- plan_version with its own rows, so what an older version recorded (and what workflows started from) stays.

CREATE TABLE organizations (
  id          bigserial PRIMARY KEY,
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name        text NOT NULL,
  district    text NOT NULL DEFAULT '',
  province    text NOT NULL DEFAULT '',
  -- Approval route, reminder policy, report dates: validated by zod in the application.
  settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE units (
  id              bigserial PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  key             text NOT NULL,
  name_th         text NOT NULL,
  name_en         text NOT NULL,
  UNIQUE (organization_id, key)
);

CREATE TABLE people (
  id              bigserial PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  full_name       text NOT NULL,
  position_title  text NOT NULL DEFAULT '',
  unit_id         bigint REFERENCES units(id),
  email           text,
  line_user_id    text,
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX people_org_email ON people (organization_id, lower(email)) WHERE email IS NOT NULL;

-- mayor = นายก, deputy_mayor = รองนายก, palad = ปลัด, unit_head = หัวหน้าส่วน/ผู้อำนวยการกอง,
-- coordinator = นักวิเคราะห์นโยบายและแผน, owner = item owner, auditor = ผู้ตรวจสอบภายใน.
-- acting marks รักษาราชการแทน: the person holds the role's authority without holding the post.
CREATE TABLE role_assignments (
  id              bigserial PRIMARY KEY,
  organization_id bigint NOT NULL REFERENCES organizations(id),
  person_id       bigint NOT NULL REFERENCES people(id),
  role            text NOT NULL CHECK (role IN
                    ('mayor', 'deputy_mayor', 'palad', 'unit_head', 'coordinator', 'owner', 'auditor', 'admin')),
  unit_id         bigint REFERENCES units(id),
  acting          boolean NOT NULL DEFAULT false,
  valid_from      date,
  valid_to        date,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
CREATE INDEX role_assignments_org_role ON role_assignments (organization_id, role);
CREATE INDEX role_assignments_person ON role_assignments (person_id);

CREATE TABLE plans (
  id                 bigserial PRIMARY KEY,
  organization_id    bigint NOT NULL REFERENCES organizations(id),
  first_fiscal_year  integer NOT NULL,
  last_fiscal_year   integer NOT NULL CHECK (last_fiscal_year >= first_fiscal_year),
  title              text NOT NULL,
  current_version_id bigint,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organization_id, first_fiscal_year, last_fiscal_year)
);

CREATE TABLE plan_versions (
  id            bigserial PRIMARY KEY,
  plan_id       bigint NOT NULL REFERENCES plans(id),
  version       integer NOT NULL,
  -- Who asked for the load (a workflow id or a CLI run id): a retried load must not create a second version.
  load_key      text NOT NULL UNIQUE,
  source_name   text NOT NULL,
  source_sha256 text NOT NULL,
  canonical     jsonb NOT NULL,
  loaded_by     text NOT NULL DEFAULT 'system',
  loaded_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, version)
);
ALTER TABLE plans ADD CONSTRAINT plans_current_version_fk
  FOREIGN KEY (current_version_id) REFERENCES plan_versions(id) DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE plan_targets (
  plan_version_id        bigint NOT NULL REFERENCES plan_versions(id),
  fiscal_year            integer NOT NULL,
  ita_score              numeric,
  case_reduction_percent numeric,
  PRIMARY KEY (plan_version_id, fiscal_year)
);

CREATE TABLE dimensions (
  plan_version_id bigint NOT NULL REFERENCES plan_versions(id),
  number          integer NOT NULL,
  name            text NOT NULL,
  stated_counts   jsonb,
  stated_totals   jsonb,
  PRIMARY KEY (plan_version_id, number)
);

CREATE TABLE missions (
  plan_version_id bigint NOT NULL REFERENCES plan_versions(id),
  code            text NOT NULL,
  name            text NOT NULL,
  PRIMARY KEY (plan_version_id, code)
);

CREATE TABLE items (
  id                    bigserial PRIMARY KEY,
  plan_version_id       bigint NOT NULL REFERENCES plan_versions(id),
  code                  text NOT NULL,
  dimension             integer NOT NULL,
  seq                   integer NOT NULL,
  mission_code          text NOT NULL,
  kind                  text NOT NULL CHECK (kind IN ('project', 'measure', 'activity')),
  name                  text NOT NULL,
  fiscal_years          integer[] NOT NULL,
  responsible_unit_key  text NOT NULL,
  responsible_unit_text text,
  source_line           integer,
  UNIQUE (plan_version_id, code)
);

-- amount NULL = ไม่ใช้งบประมาณ (runs that year without budget); a year the item does not run has no row.
CREATE TABLE item_budgets (
  item_id     bigint NOT NULL REFERENCES items(id),
  fiscal_year integer NOT NULL,
  amount      numeric(14, 2) CHECK (amount IS NULL OR amount >= 0),
  PRIMARY KEY (item_id, fiscal_year)
);

CREATE TABLE item_steps (
  item_id    bigint NOT NULL REFERENCES items(id),
  ordinal    integer NOT NULL,
  text       text NOT NULL,
  phase      text NOT NULL CHECK (phase IN
               ('approval', 'committee', 'preparation', 'execution', 'evaluation', 'reporting', 'publication')),
  recurrence text CHECK (recurrence IN ('monthly', 'quarterly', 'semiannual', 'annual')),
  PRIMARY KEY (item_id, ordinal)
);

CREATE TABLE item_indicators (
  item_id           bigint NOT NULL REFERENCES items(id),
  ordinal           integer NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('output', 'outcome')),
  text              text NOT NULL,
  target_comparator text,
  target_value      numeric,
  target_unit       text,
  target_unit_text  text,
  PRIMARY KEY (item_id, ordinal)
);

CREATE TABLE import_findings (
  id              bigserial PRIMARY KEY,
  plan_version_id bigint NOT NULL REFERENCES plan_versions(id),
  severity        text NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  code            text NOT NULL,
  message_th      text NOT NULL,
  message_en      text NOT NULL,
  line            integer NOT NULL,
  item_code       text
);
CREATE INDEX import_findings_version ON import_findings (plan_version_id);
