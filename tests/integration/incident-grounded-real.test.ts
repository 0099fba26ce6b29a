/**
 * The incident desk on real CICIDS2017 rows (the shared improved-rnd5000 sample: FTP-Patator,
 * Portscan and benign flows): every recommended action targets the incident's own entities, the
 * analyst's answers revise the conjecture and the plan, an approved block renders as nftables /
 * Suricata / Wazuh, and nothing the twin produces appears as an observation or as evidence.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { optimalSteps, scenarioModel, Twin } from '../../src/main/domain/ir/twin';
import type { IncidentDetail, IncidentSummary } from '../../src/shared/contract';
import { callService, loadPaths } from '../helpers/service';

const DATA = resolve('../shared/data/cicids2017/improved-rnd5000');
const FILES = ['FTP-Patator_3972.csv', 'Portscan_5000.csv', 'BENIGN_5000.csv'];
const present = FILES.every((f) => existsSync(join(DATA, f)));
if (!present) console.warn(`skipping the real-data incident desk: no ${DATA}/{${FILES.join(',')}}`);

let dir: string;
let svc: AppService;
let datasetId: number;
let incidents: IncidentSummary[];

const get = async (id: string): Promise<IncidentDetail> =>
  (await callService(svc, 'incidents.get', { datasetId, incidentId: id }))!;
const key = (a: { verb: string; target: string | null } | null | undefined) =>
  a ? `${a.verb} ${a.target ?? '-'}` : '';

/** Every address and service of the incident's entities. */
function entitySet(d: IncidentDetail): Set<string> {
  const e = d.entities!;
  return new Set([
    ...e.attackers.map((a) => a.address),
    ...e.victims.map((a) => a.address),
    ...e.externalPeers.map((a) => a.address),
    ...e.services.map((s) => s.target),
  ]);
}

/** Text the family's twin produces while running its own optimal plan (feedback lines). */
function twinTexts(scenarioId: string): string[] {
  const spec = scenarioModel(scenarioId).spec;
  const twin = new Twin(spec, { seed: 1 });
  const out = new Set<string>([twin.initialObservation().feedback]);
  for (const a of optimalSteps(spec).plan) out.add(twin.step(a).feedback);
  return [...out].filter((t) => t.length > 12);
}

beforeAll(async () => {
  if (!present) return;
  dir = mkdtempSync(join(tmpdir(), 'rampart-grounded-'));
  svc = await createAppService({
    dbPath: join(dir, 'db.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 1 },
  });
  const fin = await loadPaths(
    svc,
    FILES.map((f) => join(DATA, f)),
  );
  expect(fin.ok).toBe(true);
  datasetId = fin.datasetId!;
  incidents = await callService(svc, 'incidents.list', { datasetId });
}, 300_000);
afterAll(async () => {
  if (!present) return;
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!present)('grounded incident response on real CICIDS2017 rows', () => {
  it('every candidate of every attack incident targets that incident’s own entities', async () => {
    const attacks = incidents.filter((i) => !i.falsePositive);
    expect(attacks.length).toBeGreaterThan(0);
    let checked = 0;
    for (const i of attacks) {
      const d = await get(i.id);
      const own = entitySet(d);
      for (const c of d.candidates) {
        if (c.action.target === null) continue;
        expect(own, `${i.id}: ${key(c.action)}`).toContain(c.action.target);
        checked++;
      }
      if (d.recommended?.action.target) expect(own).toContain(d.recommended.action.target);
      // the firewall's inside address is never the attacker: it is shown as an alias
      expect(d.entities!.attackers.map((a) => a.address)).not.toContain('172.16.0.1');
    }
    expect(checked).toBeGreaterThan(attacks.length);
  });

  it('shows the attacker both ways (205.174.165.73 seen as 172.16.0.1 through NAT)', async () => {
    const bf = incidents.find((i) => i.family === 'brute-force')!;
    const d = await get(bf.id);
    const a = d.entities!.attackers[0]!;
    expect(a.address).toBe('205.174.165.73');
    expect(a.seenAs).toContainEqual({ address: '172.16.0.1', alerts: bf.alerts, via: 'alias' });
    expect(d.entities!.victims.map((v) => v.address)).toEqual(['192.168.10.50']);
    expect(d.entities!.services[0]!.target).toBe('192.168.10.50:21/tcp');
  });

  it('an approved block renders as nftables, Suricata and Wazuh; its effect waits for later data', async () => {
    const bf = incidents.find((i) => i.family === 'brute-force')!;
    const d = await callService(svc, 'incidents.decide', {
      datasetId,
      incidentId: bf.id,
      decision: 'edit',
      action: { verb: 'block-endpoint', target: '205.174.165.73' },
    });
    const e = d.enforcement.find((x) => x.action.verb === 'block-endpoint')!;
    const text = (s: string) => e.renderings.find((r) => r.system === s)!.text;
    expect(text('nftables')).toContain('ip saddr 205.174.165.73 drop');
    expect(text('suricata')).toMatch(/^drop ip 205\.174\.165\.73 any -> \$HOME_NET any/m);
    expect(text('wazuh')).toContain('"srcip":"205.174.165.73"');
    const h = d.history.at(-1)!;
    expect(h.prediction?.stops).toBe('alerts from 205.174.165.73');
    // A stored dataset gets no alerts after the decision: the effect is not observed, not assumed.
    expect(h.observation).toMatchObject({ kind: 'pending', mismatch: null });
    const { markdown } = await callService(svc, 'incidents.report', {
      datasetId,
      incidentId: bf.id,
    });
    expect(markdown).toContain('ip saddr 205.174.165.73 drop');
    expect(markdown).toContain('drop ip 205.174.165.73 any -> $HOME_NET any');
  });

  it('after the block, an answer that contradicts the leading hypothesis revises the conjecture and the plan', async () => {
    const bf = incidents.find((i) => i.family === 'brute-force')!;
    const d0 = await get(bf.id);
    const victim = d0.entities!.victims[0]!.address;
    const d1 = await callService(svc, 'incidents.decide', {
      datasetId,
      incidentId: bf.id,
      decision: 'edit',
      action: { verb: 'collect-logs', target: victim },
      note: 'pull auth and ftp logs',
    });
    const form = d1.forms.find((f) => f.host === victim)!;
    expect(form.questions.map((q) => q.id)).toContain('q-login-success');
    const lead = d1.conjecture!.variant;
    // Answer the questions that separate the leader from another kept hypothesis against the
    // leader; the rest as the leader expects.
    const kept = new Set(d1.hypotheses.filter((h) => h.kept && h.score > 0).map((h) => h.id));
    const answers: Record<string, 'yes' | 'no'> = {};
    for (const q of form.questions) {
      const e = q.expected.find((x) => x.hypothesis === lead);
      if (!e) continue;
      const splits = q.expected.some(
        (x) => x.hypothesis !== lead && kept.has(x.hypothesis) && x.value !== e.value,
      );
      answers[q.id] = e.value !== splits ? 'yes' : 'no';
    }
    expect(Object.keys(answers).length).toBeGreaterThan(0);
    const d2 = await callService(svc, 'incidents.answer', {
      datasetId,
      incidentId: bf.id,
      step: form.step,
      answers,
      note: 'vsftpd.log: a 230 Login successful after the failures',
    });
    expect(d2.conjecture!.variant).not.toBe(lead);
    expect(d2.hypotheses.find((h) => h.id === lead)!.kept).toBe(false);
    expect(key(d2.recommended?.action)).not.toBe(key(d1.recommended?.action));
    const h = d2.history.find((x) => x.step === form.step)!;
    expect(h.prediction?.answers.length).toBeGreaterThan(0);
    expect(h.observation).toMatchObject({ kind: 'answers', mismatch: true });
    expect(d2.forms.find((f) => f.step === form.step)).toBeUndefined();
    await expect(
      callService(svc, 'incidents.answer', {
        datasetId,
        incidentId: bf.id,
        step: form.step,
        answers,
      }),
    ).rejects.toThrow(/no open evidence form/);
  });

  it('no text the twin produces appears as an observation or as evidence, in the detail or the export', async () => {
    for (const i of incidents.filter((x) => !x.falsePositive)) {
      const d = await get(i.id);
      const { whatIf, ...rest } = d;
      expect(whatIf?.label ?? 'SIMULATED').toBe('SIMULATED');
      const shown = JSON.stringify(rest);
      const { markdown } = await callService(svc, 'incidents.report', {
        datasetId,
        incidentId: i.id,
      });
      const evidence = markdown.split('## What-if (SIMULATED')[0]!;
      for (const t of twinTexts(i.scenarioId!)) {
        expect(shown).not.toContain(t);
        expect(evidence).not.toContain(t);
      }
      for (const s of ['auth.log', 'Accepted password', 'crontab']) {
        expect(shown).not.toContain(s);
        expect(evidence).not.toContain(s);
      }
      expect(evidence).not.toMatch(/twin|simulat/i);
    }
  });
});
