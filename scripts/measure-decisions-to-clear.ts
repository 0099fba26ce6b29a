/**
 * Decisions an analyst needs to clear every attack alert of a load, before and after the
 * aggregated queue, measured through the real app service (load, detector, policy, then the
 * queue's own grouping, `alerts.queue`):
 *
 * - before: the flat list, one decision per alert (a bulk approve ticks rows one screen at a time,
 *   at most 5,000 per request, so its count is also given as a lower bound);
 * - after: one decision per queue group holding an attack alert (by the flows' labels). A group
 *   whose flows have more than one true class cannot be cleared right by one decision: the
 *   conservative count charges every alert of a group holding both benign and attack flows one
 *   decision each (one decision cannot be right for both).
 *
 * Attack alerts the detector called Benign sit in benign groups, hidden by default: counted apart.
 * Writes bench-results/triage-decisions/report.json with the command and the machine.
 *
 *   node --import tsx scripts/measure-decisions-to-clear.ts [dir-with-csvs] [--extra-classes Bot,…]
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createAppService } from '../src/main/app/service';
import type { LoadFinished, QueueGroup } from '../src/shared/contract';

const ACTOR = { actor: 'measure' };
const args = process.argv.slice(2);
const flag = args.indexOf('--extra-classes');
const extraClasses = flag >= 0 ? (args[flag + 1] ?? '').split(',').filter(Boolean) : [];
const dirArg = args.find((a, i) => !a.startsWith('--') && (flag < 0 || i !== flag + 1));
const dataDir = resolve(
  dirArg ??
    join(import.meta.dirname, '..', '..', 'shared', 'data', 'cicids2017', 'improved-rnd5000'),
);
const files = readdirSync(dataDir)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((f) => join(dataDir, f));
if (files.length === 0) {
  console.error(`no CSV files in ${dataDir}`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'rampart-clear-'));
const t0 = Date.now();
const svc = await createAppService({
  dbPath: join(work, 'db.sqlite'),
  host: 'headless',
  seedDemo: false,
});
try {
  const fin = await new Promise<LoadFinished>((res) => {
    svc.events.subscribe((event, payload) => {
      if (event === 'job.finished') res(payload as LoadFinished);
    });
    void svc.handlers['datasets.loadPaths']({ paths: files, extraClasses }, ACTOR);
  });
  if (!fin.ok || fin.datasetId === null) throw new Error(`load failed: ${fin.error}`);
  const datasetId = fin.datasetId;
  const loadSeconds = (Date.now() - t0) / 1000;

  // Every group of the queue, benign shown (the hidden ones are counted apart).
  const groups: QueueGroup[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await svc.handlers['alerts.queue'](
      {
        datasetId,
        hideBenign: false,
        pendingOnly: false,
        sort: 'risk',
        desc: true,
        offset,
        limit: 1000,
      },
      ACTOR,
    );
    groups.push(...page.rows);
    if (groups.length >= page.total) break;
  }

  // Each group's alerts by true class, through the queue's own filter for the group's flows.
  const db = new Database(svc.dbPath, { readonly: true });
  const classNames = JSON.parse(
    (
      db.prepare('SELECT class_names FROM datasets WHERE id = ?').get(datasetId) as {
        class_names: string;
      }
    ).class_names,
  ) as string[];
  db.close();
  let attackAlerts = 0;
  let missedAsBenign = 0;
  let groupsWithAttacks = 0;
  let mixedGroups = 0;
  let alertsInMixed = 0;
  let attackGroupsShown = 0;
  let attackMixedGroups = 0;
  let singletons = 0;
  const groupsByClass: Record<string, { groups: number; attackAlerts: number }> = {};
  for (const g of groups) {
    const byClass = new Map<string, number>();
    for (let offset = 0; offset < g.alerts; offset += 1000) {
      const page = await svc.handlers['alerts.query'](
        {
          datasetId,
          signatureId: g.signatureId,
          ...(g.src ? { src: g.src.address } : {}),
          ...(g.dst ? { dst: g.dst.address } : {}),
          ...(g.allPorts || g.dstPort === null ? {} : { dstPort: g.dstPort }),
          sort: 'id',
          desc: false,
          offset,
          limit: 1000,
        },
        ACTOR,
      );
      for (const r of page.rows) {
        const t = r.trueClass ?? 'unlabelled';
        byClass.set(t, (byClass.get(t) ?? 0) + 1);
      }
    }
    const attacks = [...byClass].filter(([c]) => c !== 'Benign' && c !== 'unlabelled');
    const n = attacks.reduce((a, [, k]) => a + k, 0);
    if (n === 0) continue;
    attackAlerts += n;
    groupsWithAttacks++;
    if (g.predictedClass === 'Benign') missedAsBenign += n;
    else attackGroupsShown++;
    const cls = (groupsByClass[g.predictedClass] ??= { groups: 0, attackAlerts: 0 });
    cls.groups++;
    cls.attackAlerts += n;
    if (g.alerts === 1) singletons++;
    // Benign and attack flows in one group: one decision cannot be right for both.
    if (byClass.has('Benign')) {
      mixedGroups++;
      alertsInMixed += g.alerts;
    } else if (attacks.length > 1) attackMixedGroups++;
  }
  const pureGroups = groupsWithAttacks - mixedGroups;
  const report = {
    command: `node --import tsx scripts/measure-decisions-to-clear.ts ${args.join(' ')}`.trim(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? '',
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    date: new Date().toISOString(),
    data: {
      dir: dataDir,
      files: files.length,
      rowsStored: fin.rowsStored,
      classes: classNames,
      extraClasses,
    },
    loadSeconds,
    attackAlerts,
    before: {
      perAlert: attackAlerts,
      bulkLowerBound: Math.ceil(attackAlerts / 5000),
    },
    after: {
      groupsWithAttacks,
      shownByDefault: attackGroupsShown,
      benignAndAttackGroups: mixedGroups,
      alertsInThoseGroups: alertsInMixed,
      conservative: pureGroups + alertsInMixed,
      groupsOfSeveralAttackClasses: attackMixedGroups,
      singleAlertGroups: singletons,
      byPredictedClass: groupsByClass,
    },
    attackAlertsPredictedBenign: missedAsBenign,
    queueGroups: groups.length,
  };
  mkdirSync('bench-results/triage-decisions', { recursive: true });
  writeFileSync(
    'bench-results/triage-decisions/report.json',
    JSON.stringify(report, null, 2) + '\n',
  );
  console.log(JSON.stringify(report, null, 2));
} finally {
  await svc.close();
  rmSync(work, { recursive: true, force: true });
}
