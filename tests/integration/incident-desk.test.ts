import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import type { EventPayloads, IncidentDetail, IncidentSummary } from '../../src/shared/contract';
import { callService, countRows, loadPaths } from '../helpers/service';
import { writeTinyGguf } from '../helpers/tinyGguf';

let dir: string;
let dbPath: string;
let svc: AppService;
let datasetId: number;
let incidents: IncidentSummary[];
let attack: IncidentSummary;

const open = (path: string): Promise<AppService> =>
  createAppService({
    dbPath: path,
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 1 },
  });
const get = async (id: string): Promise<IncidentDetail> =>
  (await callService(svc, 'incidents.get', { datasetId, incidentId: id }))!;
const approve = (id: string): Promise<IncidentDetail> =>
  callService(svc, 'incidents.decide', { datasetId, incidentId: id, decision: 'approve' });
const key = (a: { verb: string; target: string | null } | undefined): string =>
  a ? `${a.verb} ${a.target ?? '-'}` : '';

type IncidentsChanged = EventPayloads['incidents.changed'];

/** Record the service's incidents.changed events until the returned `off` is called. */
function recordChanges(): { seen: IncidentsChanged[]; off(): void } {
  const seen: IncidentsChanged[] = [];
  const off = svc.events.subscribe((event, payload) => {
    if (event === 'incidents.changed') seen.push(payload as IncidentsChanged);
  });
  return { seen, off };
}

/** Resolves with the first incidents.changed event that passes `ok`. */
function nextChange(ok: (e: IncidentsChanged) => boolean, timeoutMs = 30_000) {
  return new Promise<IncidentsChanged>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching incidents.changed in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = svc.events.subscribe((event, payload) => {
      if (event !== 'incidents.changed' || !ok(payload as IncidentsChanged)) return;
      clearTimeout(timer);
      off();
      resolve(payload as IncidentsChanged);
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-incidents-'));
  const csv = join(dir, 'demo.csv');
  await writeDemoCsv(csv, { rows: 3000, seed: 7, mix: 'balanced' });
  dbPath = join(dir, 'db.sqlite');
  svc = await open(dbPath);
  const fin = await loadPaths(svc, [csv]);
  expect(fin.ok).toBe(true);
  datasetId = fin.datasetId!;
}, 120_000);
afterAll(async () => {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('incident desk (real SQLite, demo CSV, grounded response)', () => {
  it('lists incidents with families, scenarios and a false positive for benign traffic', async () => {
    incidents = await callService(svc, 'incidents.list', { datasetId });
    expect(incidents.length).toBeGreaterThan(1);
    const attacks = incidents.filter((i) => !i.falsePositive);
    expect(attacks.length).toBeGreaterThan(0);
    for (const i of attacks) {
      expect(i.falsePositive).toBe(false);
      expect(i.state).toBe('open');
      expect(i.steps).toBe(0);
    }
    const fp = incidents.find((i) => i.falsePositive);
    expect(fp).toMatchObject({ family: 'benign', scenarioId: null, state: 'open' });
    attack = attacks.reduce((a, b) => (b.alerts > a.alerts ? b : a));
    // the grouping is cached: a second list gives the same objects' ids without regrouping
    expect((await callService(svc, 'incidents.list', { datasetId })).map((i) => i.id)).toEqual(
      incidents.map((i) => i.id),
    );
    await expect(callService(svc, 'incidents.list', { datasetId: 999 })).rejects.toThrow(
      /no dataset 999/,
    );
  });

  it('gets the timeline, entities, hypotheses, candidates on its own entities and a recommendation', async () => {
    const d = await get(attack.id);
    expect(d.summary).toEqual(attack);
    expect(d.timeline.length).toBe(Math.min(500, attack.alerts));
    expect(d.alertsTotal).toBe(attack.alerts);
    expect(d.timeline[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(d.stageNames).toHaveLength(6);
    expect(d.entities?.attackers.map((a) => a.address)).toEqual(attack.sources);
    expect(d.hypotheses.length).toBeGreaterThanOrEqual(2);
    expect(d.conjecture?.variantTitle).toBeTruthy();
    expect(d.candidates.length).toBeGreaterThan(0);
    const own = new Set([
      ...d.entities!.attackers.map((a) => a.address),
      ...d.entities!.victims.map((a) => a.address),
      ...d.entities!.externalPeers.map((a) => a.address),
      ...d.entities!.services.map((s) => s.target),
    ]);
    for (const c of d.candidates) expect(own.has(c.action.target ?? '')).toBe(true);
    // expected costs differ between candidates (the planner looks ahead, it does not tie)
    expect(new Set(d.candidates.map((c) => c.expectedCost)).size).toBeGreaterThan(1);
    expect(d.recommended?.expected).toBeTruthy();
    expect(d.agent).toBe('grounded-planner');
    expect(d.whatIf?.label).toBe('SIMULATED');
    expect(await callService(svc, 'incidents.get', { datasetId, incidentId: 'inc-nope' })).toBe(
      null,
    );
  });

  it('refuses an invalid edit and writes nothing', async () => {
    const bad = (verb: string, target: string | null) =>
      callService(svc, 'incidents.decide', {
        datasetId,
        incidentId: attack.id,
        decision: 'edit',
        action: { verb, target },
      });
    await expect(bad('isolate-host', '10.99.99.99')).rejects.toThrow(
      /not a valid action .* does not target an entity of this incident/,
    );
    await expect(bad('teleport', null)).rejects.toThrow(/unknown verb/);
    expect(countRows(svc, 'SELECT COUNT(*) AS n FROM incident_steps')).toBe(0);
    expect(countRows(svc, "SELECT COUNT(*) AS n FROM audit WHERE action LIKE 'incident.%'")).toBe(
      0,
    );
  });

  it('a rejection changes the next recommendation', async () => {
    const before = (await get(attack.id)).recommended!.action;
    const d = await callService(svc, 'incidents.decide', {
      datasetId,
      incidentId: attack.id,
      decision: 'reject',
      note: 'not now',
    });
    expect(key(d.recommended?.action)).not.toBe(key(before));
    expect(d.candidates.map((c) => key(c.action))).not.toContain(key(before));
    expect(d.history).toHaveLength(1);
    expect(d.history[0]).toMatchObject({ decision: 'reject', action: null, note: 'not now' });
    expect(d.summary.state).toBe('open');
  });

  it('three approvals advance the history with feedback and audit rows', async () => {
    for (let n = 1; n <= 3; n++) {
      const rec = (await get(attack.id)).recommended!.action;
      const d = await approve(attack.id);
      const last = d.history[d.history.length - 1]!;
      expect(last).toMatchObject({ step: n, decision: 'approve', action: rec, recommended: rec });
      expect(last.feedback).toBeTruthy();
      expect(last.expected).toBeTruthy();
      expect(last.prediction?.text).toBe(last.expected);
      expect(['answers', 'traffic', 'pending', 'none']).toContain(last.observation.kind);
      expect(last.auditId).toBeGreaterThan(0);
      expect(d.summary.steps).toBe(n);
      expect(d.summary.state).toMatch(/recovering|recovered/);
    }
    const audits = countRows(
      svc,
      "SELECT COUNT(*) AS n FROM audit WHERE action = 'incident.approve' AND subject = ?",
      `incident:${attack.id}`,
    );
    expect(audits).toBe(3);
    expect(countRows(svc, 'SELECT COUNT(*) AS n FROM incident_steps')).toBe(4);
  });

  it('a new service on the same database replays to the same state', async () => {
    const before = await get(attack.id);
    await svc.close();
    svc = await open(dbPath);
    const after = await get(attack.id);
    expect(after).toEqual(before);
  });

  it('an edit runs the analyst’s action', async () => {
    const d0 = await get(attack.id);
    const alt = d0.candidates.find((c) => key(c.action) !== key(d0.recommended?.action));
    const action = alt?.action ?? d0.recommended!.action;
    const d = await callService(
      svc,
      'incidents.decide',
      {
        datasetId,
        incidentId: attack.id,
        decision: 'edit',
        action: { verb: action.verb, target: action.target },
      },
      { actor: 'alice' },
    );
    expect(d.history.at(-1)).toMatchObject({ decision: 'edit', actor: 'alice', action });
  });

  it('approving until every needed step is done ends in close-incident, then the incident is closed', async () => {
    let d = await get(attack.id);
    for (let n = 0; n < 60 && d.recommended?.action.verb !== 'close-incident'; n++)
      d = await approve(attack.id);
    expect(d.recommended?.action.verb).toBe('close-incident');
    expect(d.stages.every(Boolean)).toBe(true);
    d = await approve(attack.id);
    expect(d.summary.state).toBe('closed');
    expect(d.recommended).toBe(null);
    const listed = await callService(svc, 'incidents.list', { datasetId });
    expect(listed.find((i) => i.id === attack.id)?.state).toBe('closed');
    await expect(approve(attack.id)).rejects.toThrow(/is closed/);
  });

  it('closes a false positive with one decision', async () => {
    const fp = incidents.find((i) => i.falsePositive)!;
    const d0 = await get(fp.id);
    expect(d0.recommended?.action.verb).toBe('close-incident');
    expect(d0.hypotheses).toEqual([]);
    const d = await approve(fp.id);
    expect(d.summary.state).toBe('closed');
    expect(d.recommended).toBe(null);
  });

  it('reports the executed plan', async () => {
    const { markdown } = await callService(svc, 'incidents.report', {
      datasetId,
      incidentId: attack.id,
    });
    const d = await get(attack.id);
    expect(markdown).toContain(`# Incident ${attack.id}`);
    expect(markdown).toContain('## Executed plan: prediction and observation');
    for (const h of d.history.filter((x) => x.action))
      expect(markdown).toContain(
        `${h.action!.verb}${h.action!.target ? ` ${h.action!.target}` : ''}`,
      );
    expect(markdown).toContain('## Hypotheses');
    expect(markdown).toContain('## Enforcement');
    // The twin appears only in its own SIMULATED section.
    const [evidence, simulated] = markdown.split('## What-if (SIMULATED');
    expect(simulated).toContain('SIMULATED');
    expect(evidence).not.toMatch(/twin|simulat/i);
  });

  it('with a model loaded, the model chooses among the planner’s candidates and the detail names it', async () => {
    const now = await callService(svc, 'incidents.list', { datasetId });
    const open = now.find((i) => !i.falsePositive && i.state === 'open')!;
    const planned = await get(open.id);
    expect(planned.agent).toBe('grounded-planner');
    const gguf = join(dir, 'tiny.gguf');
    await writeTinyGguf(gguf, { seed: 5 });
    const loaded = await callService(svc, 'advisor.setModel', { path: gguf });
    expect(loaded.model).toMatchObject({ status: 'loaded' });
    try {
      const d = await get(open.id);
      expect(d.agent).toMatch(/^llm-chooser \(|named no candidate/);
      const keys = planned.candidates.map((c) => key(c.action));
      // a grammar over the candidates' keys: whatever the model says is one of them
      expect(keys).toContain(key(d.recommended?.action));
      if (d.agent.startsWith('llm-chooser'))
        expect(d.recommended!.why).toMatch(/^chosen by the model/);
      // read twice, asked once: the same answer
      expect(key((await get(open.id)).recommended?.action)).toBe(key(d.recommended?.action));
    } finally {
      await callService(svc, 'advisor.setModel', { path: null });
    }
  }, 120_000);

  it('runs the configured connector after an approved step, with validated parameters, and audits it', async () => {
    const now = await callService(svc, 'incidents.list', { datasetId });
    const open = now.find((i) => !i.falsePositive && i.state === 'open')!;
    const d0 = await get(open.id);
    const victim = d0.entities!.victims[0]!.address;
    writeFileSync(
      join(dir, 'connector.json'),
      JSON.stringify({
        enabled: true,
        templates: { 'isolate-host': ['/bin/echo', 'isolate', '{address}'] },
      }),
    );
    try {
      await callService(svc, 'incidents.decide', {
        datasetId,
        incidentId: open.id,
        decision: 'edit',
        action: { verb: 'isolate-host', target: victim },
      });
      const db = new Database(svc.dbPath, { readonly: true });
      const rows = db
        .prepare(
          "SELECT actor, detail FROM audit WHERE action = 'incident.connector' AND subject = ?",
        )
        .all(`incident:${open.id}`) as { actor: string; detail: string }[];
      db.close();
      expect(rows).toHaveLength(1);
      expect(JSON.parse(rows[0]!.detail)).toMatchObject({
        ran: true,
        exitCode: 0,
        argv: ['/bin/echo', 'isolate', victim],
        stdout: `isolate ${victim}\n`,
      });
    } finally {
      rmSync(join(dir, 'connector.json'));
    }
  });

  it('announces a decided step as incidents.changed naming the incident', async () => {
    const now = await callService(svc, 'incidents.list', { datasetId });
    const target = now.find((i) => !i.falsePositive && i.state === 'open')!;
    const rec = recordChanges();
    try {
      await approve(target.id);
      // Sent before the decision's answer, so another console refetches as soon as it is written.
      expect(rec.seen).toEqual([{ datasetId, incidentIds: [target.id] }]);
    } finally {
      rec.off();
    }
  });

  it('announces alert changes that regroup a dataset, not alert decisions that do not', async () => {
    await callService(svc, 'incidents.list', { datasetId });
    const rec = recordChanges();
    try {
      // An alert decision: alerts.changed, but the grouping's input (the alerts) is the same.
      const page = await callService(svc, 'alerts.query', {
        datasetId,
        status: 'pending',
        limit: 1,
      });
      await callService(svc, 'alerts.decide', {
        alertIds: [page.rows[0]!.id],
        decision: 'approve',
      });
      // A live feed storing alerts into its own dataset. Its check is scheduled after the
      // decision's with the same delay, so by the time it is announced the decision's has run.
      const fed = nextChange((e) => e.datasetId !== datasetId && e.incidentIds.length === 0);
      const feed = await callService(svc, 'feed.start', {
        kind: 'replay',
        path: join(dir, 'demo.csv'),
        ratePerSec: 100_000,
      });
      const change = await fed;
      await callService(svc, 'feed.stop', { feedId: feed.feedId });
      expect(change.datasetId).toBe((await callService(svc, 'feed.list', {})).at(-1)?.datasetId);
      expect(rec.seen.filter((e) => e.datasetId === datasetId)).toEqual([]);
      // The dataset the feed filled groups into incidents.
      const fedIncidents = await callService(svc, 'incidents.list', {
        datasetId: change.datasetId,
      });
      expect(fedIncidents.length).toBeGreaterThan(0);
    } finally {
      rec.off();
    }
  });
});
