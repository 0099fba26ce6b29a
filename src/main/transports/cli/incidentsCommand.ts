/** `rampart incidents`: group Snort / Suricata alert files, or a stored dataset's alerts, into incidents. */
import { existsSync } from 'node:fs';
import {
  flowAlertsToIr,
  groupIncidentsWithReport,
  readAlertFiles,
  type GroupReport,
  type GroupedIncident,
  type IncidentConfig,
} from '../../domain/ir/grouping';
import { flowAlertRows } from '../../app/incidentDesk/storeAlerts';
import type { IrAlert } from '../../domain/ir/core/types';
import { isPostgresUrl } from '../../store/sql/database';
import { Store } from '../../store/store';
import type { IncidentObservationRow, IncidentStepRow } from '../../store/incidents';
import { planIncidents, printPlans } from './incidentPlans';
import {
  optFlag,
  optNumber,
  optString,
  UsageError,
  type CliCommand,
  type ParsedArgs,
} from './args';
import { defaultDbPath } from './defaults';
import { int, table } from './format';

const FORMATS = ['auto', 'snort', 'suricata'] as const;

/** Where the alerts came from: per-file parse counts, or the dataset's skipped rows. */
interface InputSummary {
  files: {
    file: string;
    format: string;
    counts: Record<string, number>;
    issues: { where: string; reason: string }[];
  }[];
  skipped: number;
  /** Stored decisions and answers per incident (a dataset's), so --plan starts where they left off. */
  steps?: Map<string, { steps: IncidentStepRow[]; observations: IncidentObservationRow[] }>;
}

/** `rampart incidents`: alert files, or a stored dataset's alerts, grouped into incidents. */
export const incidents: CliCommand = {
  name: 'incidents',
  synopsis: [
    [
      '<file…> [--format auto|snort|suricata] [--gap-min 10] [--year N] [--json]',
      '[--alias ADDR=ENTITY] [--nat-gateway ADDR]',
    ],
    ['--dataset N [--db FILE] [--gap-min 10] [--json]'],
    ['… --plan: each attack incident with its entities, scored hypotheses and next step'],
  ],
  summary: ["group Snort fast / Suricata EVE alerts (or a dataset's flow alerts) into incidents"],
  options: {
    format: 'string',
    'gap-min': 'string',
    json: 'boolean',
    dataset: 'string',
    db: 'string',
    year: 'string',
    alias: 'string',
    'nat-gateway': 'string',
    plan: 'boolean',
  },
  positionals: true,
  run: incidentsCommand,
};

async function incidentsCommand(p: ParsedArgs): Promise<number> {
  const format = optString(p, 'format', 'auto') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const config: Partial<IncidentConfig> = {
    gapMs: optNumber(p, 'gap-min', 10, 0, 7 * 24 * 60) * 60_000,
    aliases: aliases(p.options.get('alias') ?? []),
    natGateways: p.options.get('nat-gateway') ?? [],
  };
  const dataset = optString(p, 'dataset');
  if (dataset !== undefined && p.positionals.length)
    throw new UsageError('give alert files or --dataset, not both');
  if (dataset === undefined && !p.positionals.length)
    throw new UsageError('incidents needs alert files or --dataset N');
  const { alerts, input } =
    dataset !== undefined
      ? datasetAlerts(p, optNumber(p, 'dataset', 0, 1, Number.MAX_SAFE_INTEGER))
      : await fileAlerts(p, format);
  const { incidents, report } = groupIncidentsWithReport(alerts, config);
  if (optFlag(p, 'plan')) {
    const planned = planIncidents(incidents, alerts, report.gateways, config, input.steps);
    if (optFlag(p, 'json'))
      console.log(
        JSON.stringify(
          { input: { ...input, steps: undefined }, report, incidents: planned },
          null,
          2,
        ),
      );
    else printPlans(planned);
    if (alerts.length === 0) console.error('rampart incidents: no alerts could be read');
    return alerts.length === 0 ? 1 : 0;
  }
  if (optFlag(p, 'json'))
    console.log(
      JSON.stringify(
        {
          input,
          report,
          incidents: incidents.map(({ alerts: a, ...rest }) => ({ ...rest, alertCount: a.length })),
        },
        null,
        2,
      ),
    );
  else printIncidents(incidents, report, input);
  if (alerts.length === 0) {
    console.error('rampart incidents: no alerts could be read');
    return 1;
  }
  return 0;
}

function aliases(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const [from, to] = pair.split('=');
    if (!from || !to) throw new UsageError(`--alias takes ADDRESS=ENTITY, got "${pair}"`);
    out[from] = to;
  }
  return out;
}

async function fileAlerts(p: ParsedArgs, format: (typeof FORMATS)[number]) {
  for (const f of p.positionals) if (!existsSync(f)) throw new UsageError(`no such file: ${f}`);
  const year = optNumber(p, 'year', new Date().getUTCFullYear(), 1970, 9999);
  const { alerts, files } = await readAlertFiles(p.positionals, format, { year });
  const input: InputSummary = {
    files: files.map((f) => ({
      file: f.file,
      format: f.format,
      counts: f.counts,
      issues: f.issues.map(({ where, reason }) => ({ where, reason })),
    })),
    skipped: files.reduce((n, f) => n + f.counts.bad, 0),
  };
  return { alerts, input };
}

function datasetAlerts(p: ParsedArgs, datasetId: number) {
  const db = optString(p, 'db', defaultDbPath()) ?? defaultDbPath();
  if (!isPostgresUrl(db) && !existsSync(db)) throw new UsageError(`no database at ${db}`);
  // Read-only and without the process lock: works while `rampart serve` holds the database.
  const store = Store.open(db, { readonly: true });
  try {
    if (!store.getDataset(datasetId)) throw new UsageError(`no dataset ${datasetId} in ${db}`);
    const issues: { where: string; reason: string }[] = [];
    const alerts: IrAlert[] = flowAlertsToIr(flowAlertRows(store, datasetId), (id, reason) =>
      issues.push({ where: `alert ${id}`, reason }),
    );
    const input: InputSummary = {
      files: [
        {
          file: `${db}#dataset-${datasetId}`,
          format: 'flow-alerts',
          counts: { alerts: alerts.length, bad: issues.length },
          issues: issues.slice(0, 100),
        },
      ],
      skipped: issues.length,
      steps: new Map(
        [...store.incidents.stepsByIncident(datasetId)].map(([id, steps]) => [
          id,
          { steps, observations: store.incidents.observations(datasetId, id) },
        ]),
      ),
    };
    return { alerts, input };
  } finally {
    store.close();
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function list(xs: readonly string[], max = 6): string {
  return xs.length <= max ? xs.join(',') : `${xs.slice(0, max).join(',')},+${xs.length - max}`;
}

function printIncidents(
  incidents: readonly GroupedIncident[],
  report: GroupReport,
  input: InputSummary,
): void {
  for (const f of input.files) {
    const c = Object.entries(f.counts)
      .map(([k, v]) => `${k} ${int(v)}`)
      .join(', ');
    console.log(`${f.file}: ${f.format} (${c})`);
    for (const i of f.issues.slice(0, 10)) console.log(`  ${i.where}: ${i.reason}`);
  }
  console.log(
    `${int(report.alertsUsed)} of ${int(report.alertsIn)} alerts grouped (NAT copies ${int(report.natCopies)}, ICMP replies ${int(report.icmpReplies)}; gateways ${report.gateways.join(',') || 'none'})\n`,
  );
  console.log(
    table(
      [
        'incident',
        'family',
        'sources',
        'targets',
        'first seen (UTC)',
        'last seen',
        'alerts',
        'chained from',
      ],
      incidents.map((i) => [
        i.id,
        i.falsePositive ? `${i.family} (false positive)` : i.family,
        list(i.sources),
        list(i.targets),
        iso(i.firstSeen),
        iso(i.lastSeen),
        int(i.alerts.length),
        i.chainedFrom.join(',') || '-',
      ]),
    ),
  );
}
