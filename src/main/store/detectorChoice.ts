/**
 * Which detector scores what: each detector's training-set check and its confirmation, and the
 * detector whose alerts each dataset holds (a load's, a re-score's, a live feed's pinned one).
 * Reads only the light columns: a detector's tree can be megabytes.
 */
import type { Writes } from './changes';
import type { Statements } from './statements';
import { nowIso } from './time';

/** The detector-choice statements, by name. */
export const DETECTOR_CHOICE_SQL = {
  setCheck: `UPDATE detectors SET training_check = @check WHERE id = @id`,
  confirm: `UPDATE detectors SET confirmed_at = @at, confirmed_by = @actor WHERE id = @id`,
  setScoredBy: `UPDATE datasets SET scored_by = @detectorId WHERE id = @datasetId`,
  headerById: `SELECT t.id, t.dataset_id, t.created_at, t.class_names, t.training_check,
                 t.confirmed_at, t.confirmed_by, d.name AS dataset_name
               FROM detectors t JOIN datasets d ON d.id = t.dataset_id WHERE t.id = ?`,
  headers: `SELECT t.id, t.dataset_id, t.created_at, t.class_names, t.training_check,
              t.confirmed_at, t.confirmed_by, d.name AS dataset_name
            FROM detectors t JOIN datasets d ON d.id = t.dataset_id ORDER BY t.id DESC`,
  newestId: `SELECT MAX(id) AS id FROM detectors`,
  scoredBy: `SELECT scored_by FROM datasets WHERE id = ?`,
  unchecked: `SELECT id, dataset_id FROM detectors WHERE training_check IS NULL ORDER BY id`,
  labelledRowsByClass: `SELECT true_class AS cls, COUNT(*) AS n FROM flows
                        WHERE dataset_id = ? AND true_class IS NOT NULL GROUP BY true_class`,
} as const;

/** A detector without its tree: what choosing one needs. */
export interface DetectorHeader {
  id: number;
  dataset_id: number;
  dataset_name: string;
  created_at: string;
  class_names: string;
  /** JSON TrainingCheck, or null when stored before the check existed. */
  training_check: string | null;
  confirmed_at: string | null;
  confirmed_by: string | null;
}

/** The detector-choice repository. */
export class DetectorChoice {
  constructor(
    private readonly q: Statements<typeof DETECTOR_CHOICE_SQL>,
    private readonly w: Writes,
  ) {}

  /** Record a detector's training-set check (JSON). */
  setCheck(detectorId: number, check: unknown): void {
    this.w.transaction((ch) => {
      ch.touch('detectors');
      this.q.get('setCheck').run({ id: detectorId, check: JSON.stringify(check) });
    });
  }

  /** Mark a detector confirmed by `actor` now; `audit` runs in the same transaction. */
  confirm(detectorId: number, actor: string, audit: () => void): void {
    this.w.transaction((ch) => {
      ch.touch('detectors');
      this.q.get('confirm').run({ id: detectorId, at: nowIso(), actor });
      audit();
    });
  }

  /** Record which detector scores a dataset. */
  setScoredBy(datasetId: number, detectorId: number): void {
    this.w.transaction((ch) => {
      ch.touch('datasets');
      this.q.get('setScoredBy').run({ datasetId, detectorId });
    });
  }

  /** The detector scoring a dataset, or null. */
  scoredBy(datasetId: number): number | null {
    const row = this.q.get('scoredBy').get(datasetId) as { scored_by: number | null } | undefined;
    return row?.scored_by ?? null;
  }

  /** One detector's header, or undefined. */
  header(detectorId: number): DetectorHeader | undefined {
    return this.q.get('headerById').get(detectorId) as DetectorHeader | undefined;
  }

  /** Every detector's header, newest first. */
  headers(): DetectorHeader[] {
    return this.q.get('headers').all() as DetectorHeader[];
  }

  /** Detectors stored before the training-set check existed (id and training dataset). */
  unchecked(): { id: number; dataset_id: number }[] {
    return this.q.get('unchecked').all() as { id: number; dataset_id: number }[];
  }

  /** A dataset's labelled flows per class index. */
  labelledRowsByClass(datasetId: number): { cls: number; n: number }[] {
    return this.q.get('labelledRowsByClass').all(datasetId) as { cls: number; n: number }[];
  }

  /** The newest detector's id, or null when there is none. */
  newestId(): number | null {
    return (this.q.get('newestId').get() as { id: number | null }).id;
  }
}
