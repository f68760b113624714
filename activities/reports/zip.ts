import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { BANGKOK_OFFSET_MS } from '../../domain/fiscal';

/**
 * DOCX and XLSX files are zip packages that record when they were made: the packaging libraries stamp the current
 * time into docProps/core.xml and into every zip entry, and docx names hyperlink relationships with random ids.
 * Rewriting the times from the snapshot's and the random ids by order of appearance makes a document a function of
 * its snapshot, so re-rendering an old report gives the same bytes and the same hash.
 */

/** A Date whose local fields read the Bangkok wall-clock time of `ms`: zip entry times are local, not UTC. */
function bangkokWallClock(ms: number): Date {
  const shifted = new Date(ms + BANGKOK_OFFSET_MS);
  return new Date(
    shifted.getUTCFullYear(),
    shifted.getUTCMonth(),
    shifted.getUTCDate(),
    shifted.getUTCHours(),
    shifted.getUTCMinutes(),
    shifted.getUTCSeconds(),
  );
}

const CORE_DATES = /(<dcterms:(created|modified)\b[^>]*>)([^<]*)(<\/dcterms:\2>)/g;

/** docx draws hyperlink relationship ids with nanoid: `rId` and 21 characters of its URL-safe alphabet, lower-cased. */
const RANDOM_RELATIONSHIP_ID = /\bId="((?:rId)?[a-z0-9_-]{21})"/g;

export function normalizeOfficePackage(packageBytes: Uint8Array, createdAtIso: string): Buffer {
  const createdMs = Date.parse(createdAtIso);
  const stamp = new Date(createdMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const mtime = bangkokWallClock(createdMs);
  const entries = unzipSync(packageBytes);
  const renamed = new Map<string, string>();
  for (const [path, data] of Object.entries(entries)) {
    if (!path.endsWith('.rels')) continue;
    for (const match of strFromU8(data).matchAll(RANDOM_RELATIONSHIP_ID)) {
      if (!renamed.has(match[1]!)) renamed.set(match[1]!, `rIdFixed${renamed.size + 1}`);
    }
  }
  const zippable: Zippable = {};
  for (const [path, data] of Object.entries(entries)) {
    let bytes = data;
    if (path.endsWith('.xml') || path.endsWith('.rels')) {
      let text = strFromU8(data);
      if (path === 'docProps/core.xml') {
        text = text.replace(CORE_DATES, (_m, open: string, _k: string, _v: string, close: string) => `${open}${stamp}${close}`);
      }
      for (const [random, fixed] of renamed) text = text.split(`"${random}"`).join(`"${fixed}"`);
      bytes = strToU8(text);
    }
    zippable[path] = [bytes, { mtime, level: 6 }];
  }
  return Buffer.from(zipSync(zippable));
}

/** The text of one part of a zip package (tests and checks read document.xml this way). */
export function readPackagePart(packageBytes: Uint8Array, path: string): string | undefined {
  const entries = unzipSync(packageBytes, { filter: (f) => f.name === path });
  const data = entries[path];
  return data ? strFromU8(data) : undefined;
}
