/** The mitigation catalogue as the UI reads it (from app.info): action labels and per-class order. */
import type { ActionInfo, AppInfo } from '../../shared/contract';

/** The actions in index order and, per class, the indices ranked best first. */
export interface Catalogue {
  actions: ActionInfo[];
  ranked: Record<string, number[]>;
}

/** Before app.info answered: no labels yet (actions show as their index). */
export const EMPTY_CATALOGUE: Catalogue = { actions: [], ranked: {} };

/** The catalogue of an app.info answer. */
export function catalogueOf(info: AppInfo | null): Catalogue {
  if (!info) return EMPTY_CATALOGUE;
  return { actions: info.actions ?? [], ranked: info.ranked ?? {} };
}

/** Action `index`, or a placeholder naming the index when the catalogue lacks it. */
export function actionAt(cat: Catalogue, index: number): ActionInfo {
  return cat.actions[index] ?? { index, id: `#${index}`, name: 'unknown action', description: '' };
}

/** "M1037 Filter Network Traffic". */
export function actionLabel(cat: Catalogue, index: number): string {
  const a = actionAt(cat, index);
  return `${a.id} ${a.name}`;
}

/** A class's ranked actions (best first), then every other action in catalogue order. */
export function actionsForClass(
  cat: Catalogue,
  cls: string,
): { ranked: ActionInfo[]; rest: ActionInfo[] } {
  const order = cat.ranked[cls] ?? [];
  const ranked = order.map((i) => actionAt(cat, i));
  const rest = cat.actions.filter((a) => !order.includes(a.index));
  return { ranked, rest };
}
