/**
 * How good the console's recommendations are, measured through the real app service: load
 * labelled CSVs (detector, PPO-KG-PT policy, recommendations, as the console does), then score
 * each alert's recommended action against its flow's true class with the catalogue's reward.
 * Prints one JSON object: load time per phase, mean reward per split, per class on the test split,
 * class-balanced, and the KG / policy summary.
 *
 *   node --import tsx scripts/measure-app-recommendations.ts <csv…>
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppService } from '../src/main/app/service';
import { loadCatalogue, reward } from '../src/main/domain/catalogue/catalogue';
import type { JobFinished, JobProgress } from '../src/shared/contract';

const ACTOR = { actor: 'measure' };

interface Row {
  split: 'train' | 'test' | null;
  true_class: number | null;
  action: number;
  class_names: string;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node --import tsx scripts/measure-app-recommendations.ts <csv…>');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'rampart-recs-'));
const t0 = Date.now();
const svc = await createAppService({
  dbPath: join(dir, 'db.sqlite'),
  host: 'headless',
  seedDemo: false,
});
try {
  const phases: string[] = [];
  const fin = await new Promise<JobFinished>((resolve) => {
    let last = '';
    svc.events.subscribe((event, payload) => {
      if (event === 'job.progress') {
        const p = payload as JobProgress;
        if (p.phase !== last) phases.push(`${(last = p.phase)}@${(Date.now() - t0) / 1000}s`);
      }
      if (event === 'job.finished') resolve(payload as JobFinished);
    });
    void svc.handlers['datasets.loadPaths']({ paths: files, extraClasses: [] }, ACTOR);
  });
  const seconds = (Date.now() - t0) / 1000;
  const cat = loadCatalogue();
  const db = new Database(svc.dbPath, { readonly: true });
  const rows = db
    .prepare(
      `SELECT a.split, f.true_class, r.action, d.class_names
       FROM alerts a JOIN flows f ON f.id = a.flow_id
         JOIN recommendations r ON r.alert_id = a.id JOIN datasets d ON d.id = a.dataset_id`,
    )
    .all() as Row[];
  db.close();
  const bySplit = new Map<string, { sum: number; n: number }>();
  const byClass = new Map<string, { sum: number; n: number }>();
  const add = (m: Map<string, { sum: number; n: number }>, k: string, v: number): void => {
    const s = m.get(k) ?? { sum: 0, n: 0 };
    s.sum += v;
    s.n++;
    m.set(k, s);
  };
  for (const r of rows) {
    if (r.true_class === null) continue;
    const cls = (JSON.parse(r.class_names) as string[])[r.true_class];
    if (!cls) continue;
    const v = reward(cat, cls, r.action);
    add(bySplit, r.split ?? 'none', v);
    if (r.split === 'test') add(byClass, cls, v);
  }
  const mean = (m: Map<string, { sum: number; n: number }>) =>
    Object.fromEntries([...m].map(([k, s]) => [k, Number((s.sum / s.n).toFixed(3))]));
  const perClass = mean(byClass);
  const classes = Object.values(perClass);
  console.log(
    JSON.stringify(
      {
        ok: fin.ok,
        error: fin.error,
        seconds,
        phases,
        recommendations: rows.length,
        meanRewardBySplit: mean(bySplit),
        testPerClass: perClass,
        testClassBalanced: Number(
          (classes.reduce((a, b) => a + b, 0) / Math.max(1, classes.length)).toFixed(3),
        ),
        kg: await svc.handlers['kg.summary']({}, ACTOR),
      },
      null,
      1,
    ),
  );
} finally {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
}
