/**
 * Rows of excluded classes (Bot, Heartbleed) are counted per group, the names a load's extra
 * classes would keep, and their skip message names both ways to keep them (the Data screen's
 * field and the CLI flag), never the option's internal name.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixture, load } from '../fixtures/ingest/collect';

describe('excluded classes in the report', () => {
  it('counts skipped Bot rows per group and says how to keep them', async () => {
    const { report } = await load([fixture('ml.csv')]);
    expect(report.excluded).toEqual({ Bot: 1 });
    const example = report.examples.find((e) => e.reason === 'excluded-class');
    expect(example?.detail).toContain('"Extra classes" on the Data screen');
    expect(example?.detail).toContain('--extra-classes Bot');
    expect(example?.detail).not.toContain('extraClasses');
  });

  it('has nothing left to offer once the group is kept', async () => {
    const { report } = await load([fixture('ml.csv')], { extraClasses: ['bot'] });
    expect(report.excluded).toEqual({});
    expect(report.classes.bot).toBe(1);
  });
});

const GROUPED = fileURLToPath(
  new URL('../../../shared/data/cicids2017/original/grouped-kmeans-sample.csv', import.meta.url),
);

describe.skipIf(!existsSync(GROUPED))('the real grouped k-means sample', () => {
  if (!existsSync(GROUPED)) console.warn(`skipped: ${GROUPED} is absent (real excluded rows)`);

  it('offers Bot for its 1,966 Bot rows, and keeps them as a class when named', async () => {
    const skipped = await load([GROUPED]);
    expect(skipped.report.excluded).toEqual({ Bot: 1966 });
    const kept = await load([GROUPED], { extraClasses: ['Bot'] });
    expect(kept.report.excluded).toEqual({});
    expect(kept.report.classes.Bot).toBe(1966);
    expect(kept.report.rowsStored).toBe(skipped.report.rowsStored + 1966);
  });
});
