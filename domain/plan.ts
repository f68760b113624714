import { z } from 'zod';

/**
 * The canonical plan: what the importer produces from a document, what `plan import --json` prints, what the
 * database stores and what workflows are started from. Every other representation is derived from this one.
 */

export const ITEM_KINDS = ['project', 'measure', 'activity'] as const;
export const itemKindSchema = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof itemKindSchema>;

export const STEP_PHASES = [
  'approval',
  'committee',
  'preparation',
  'execution',
  'evaluation',
  'reporting',
  'publication',
] as const;
export const stepPhaseSchema = z.enum(STEP_PHASES);
export type StepPhase = z.infer<typeof stepPhaseSchema>;

/** Fiscal years are Buddhist Era years (FY2570 = 1 Oct 2026 .. 30 Sep 2027). */
export const fiscalYearSchema = z.number().int().min(2500).max(2700);

export const targetSchema = z.object({
  comparator: z.enum(['gte', 'lte', 'eq', 'gt', 'lt']),
  value: z.number(),
  unit: z.enum(['percent', 'count', 'score', 'times', 'level', 'other']),
  /** What the number counts when the text says so (คน, ครั้ง, เรื่อง ...), as written. */
  unitText: z.string().optional(),
});
export type Target = z.infer<typeof targetSchema>;

export const indicatorSchema = z.object({
  text: z.string().min(1),
  kind: z.enum(['output', 'outcome']),
  target: targetSchema.optional(),
});
export type Indicator = z.infer<typeof indicatorSchema>;

export const stepSchema = z.object({
  text: z.string().min(1),
  phase: stepPhaseSchema,
  /** Recurrence the step's text asks for, when it says so (monthly, quarterly, twice a year, yearly). */
  recurrence: z.enum(['monthly', 'quarterly', 'semiannual', 'annual']).optional(),
});
export type Step = z.infer<typeof stepSchema>;

export const findingSeveritySchema = z.enum(['error', 'warning', 'info']);
export type FindingSeverity = z.infer<typeof findingSeveritySchema>;

export const findingSchema = z.object({
  severity: findingSeveritySchema,
  /** Stable machine code, e.g. STATED_COUNT_MISMATCH; never reworded once published. */
  code: z.string().regex(/^[A-Z][A-Z0-9_]+$/),
  /** Thai first: this is what the plan coordinator reads. */
  message: z.string().min(1),
  messageEn: z.string().min(1),
  /** 1-based line in the source document; 0 when the finding is about the document as a whole. */
  line: z.number().int().min(0),
  /** Item code (`D.S`) the finding is about, if any. */
  item: z.string().optional(),
  /** 1-based page of the PDF, for what was read from a scanned page by OCR. */
  page: z.number().int().min(1).optional(),
  /** What the document says as read (an OCR number), when the finding is about one value. */
  found: z.string().optional(),
  /** The value the importer used for `found`, for the coordinator to confirm. */
  suggestion: z.string().optional(),
});
export type Finding = z.infer<typeof findingSchema>;

/** Budget per fiscal year in baht, keyed by the BE year as a string; null = ไม่ใช้งบประมาณ (no budget). */
export const budgetByYearSchema = z.record(z.string().regex(/^\d{4}$/), z.number().nonnegative().nullable());

export const itemSchema = z.object({
  /** `D.S`: dimension number and the item's ลำดับที่ within the dimension. */
  code: z.string().regex(/^\d+\.\d+$/),
  dimension: z.number().int().min(1).max(9),
  seq: z.number().int().min(1),
  /** Mission (ภารกิจ) code such as `1.1.3`. */
  mission: z.string().regex(/^\d+\.\d+(\.\d+)?$/),
  kind: itemKindSchema,
  name: z.string().min(1),
  fiscalYears: z.array(fiscalYearSchema),
  budgetByYear: budgetByYearSchema,
  /** Canonical unit key (see domain/units.ts). */
  responsibleUnit: z.string().min(1),
  /** The unit as the document wrote it, kept for the audit of the normalisation. */
  responsibleUnitText: z.string().optional(),
  /**
   * The section (งาน) of the division that does the item, as a key of the organisation's structure
   * (domain/units.ts). Optional: plans stored before sections were read have none, and many items name none.
   */
  responsibleSection: z.string().min(1).optional(),
  /** The section as the document wrote it, also when the organisation's structure does not have it. */
  responsibleSectionText: z.string().min(1).optional(),
  /**
   * Who the item is for (กลุ่มเป้าหมาย, field ๔ of the detail section), as written; e-PlanNACC asks for it each round.
   * Optional: plans stored before it was read have none, and some items state none.
   */
  targetGroup: z.string().min(1).optional(),
  steps: z.array(stepSchema),
  indicators: z.array(indicatorSchema),
  /** 1-based line where the item's detail section starts. */
  line: z.number().int().min(0).optional(),
});
export type PlanItem = z.infer<typeof itemSchema>;

export const missionSchema = z.object({
  code: z.string().regex(/^\d+\.\d+(\.\d+)?$/),
  name: z.string(),
});

export const dimensionSchema = z.object({
  number: z.number().int().min(1).max(9),
  name: z.string(),
  /** What the document says the dimension holds; compared with the items actually found. */
  statedCounts: z
    .object({ project: z.number().int(), measure: z.number().int(), activity: z.number().int() })
    .optional(),
  /** Stated per-year totals in the Part 2 table (baht), keyed by BE year. */
  statedTotals: z.record(z.string(), z.number()).optional(),
});
export type Dimension = z.infer<typeof dimensionSchema>;

export const yearTargetSchema = z.object({
  fiscalYear: fiscalYearSchema,
  itaScore: z.number().optional(),
  /** Percent reduction of corruption cases against the base year. */
  caseReductionPercent: z.number().optional(),
});

export const riskSchema = z.object({
  seq: z.number().int(),
  process: z.string(),
  risk: z.string(),
  score: z.string(),
  controls: z.array(z.string()),
});

export const organizationSchema = z.object({
  name: z.string().min(1),
  district: z.string(),
  province: z.string(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const canonicalPlanSchema = z.object({
  title: z.string().optional(),
  organization: organizationSchema,
  fiscalYears: z.array(fiscalYearSchema).min(1),
  statedTotals: z
    .object({
      counts: z.object({ project: z.number().int(), measure: z.number().int(), activity: z.number().int() }),
      budgetByYear: z.record(z.string(), z.number()),
    })
    .partial()
    .optional(),
  targets: z.array(yearTargetSchema),
  dimensions: z.array(dimensionSchema),
  missions: z.array(missionSchema),
  risks: z.array(riskSchema).default([]),
  items: z.array(itemSchema),
  findings: z.array(findingSchema),
});
export type CanonicalPlan = z.infer<typeof canonicalPlanSchema>;

/** The plan's title as stored: its own, or the standard title over its fiscal years. */
export function planTitle(plan: Pick<CanonicalPlan, 'title' | 'fiscalYears'>): string {
  return plan.title ?? `แผนปฏิบัติการป้องกันการทุจริต (พ.ศ. ${Math.min(...plan.fiscalYears)}-${Math.max(...plan.fiscalYears)})`;
}
