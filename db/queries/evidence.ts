import type { Db } from '../pool';

// Evidence files of an item-year's steps: the rows; the bytes are in the file store (services/files).

export async function insertEvidenceFile(
  db: Db,
  file: {
    id: string;
    itemYearId: number;
    stepKey: string;
    fileName: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    uploadedBy: number;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO evidence_files (id, item_year_id, step_key, file_name, content_type, size_bytes, sha256, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
    [file.id, file.itemYearId, file.stepKey, file.fileName, file.contentType, file.sizeBytes, file.sha256, file.uploadedBy],
  );
}

export async function listEvidenceOfItemYear(
  db: Db,
  itemYearId: number,
): Promise<Array<{ id: string; stepKey: string; fileName: string; contentType: string; sizeBytes: number; sha256: string; uploadedBy: number | null; uploadedAt: Date }>> {
  const { rows } = await db.query(
    `SELECT id, step_key AS "stepKey", file_name AS "fileName", content_type AS "contentType",
            size_bytes AS "sizeBytes", sha256, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"
     FROM evidence_files WHERE item_year_id = $1 ORDER BY uploaded_at, file_name`,
    [itemYearId],
  );
  return rows;
}

export async function findEvidenceFile(
  db: Db,
  id: string,
): Promise<{ id: string; itemYearId: number; fileName: string; contentType: string; sizeBytes: number; sha256: string } | undefined> {
  const { rows } = await db.query(
    `SELECT id, item_year_id AS "itemYearId", file_name AS "fileName", content_type AS "contentType",
            size_bytes AS "sizeBytes", sha256
     FROM evidence_files WHERE id = $1`,
    [id],
  );
  return rows[0];
}
