/**
 * TRANSPORT TEST DOUBLE: an AppService whose handlers return fixed, contract-typed answers. It
 * exists only to test the transports (HTTP, WebSocket, IPC) — routing, validation, envelopes,
 * events — never the core's behaviour, which the integration tests cover with the real service.
 */
import { tmpdir } from 'node:os';
import { EventHub, type Handlers } from '../../src/main/app/hub/dispatch';
import type { AppService } from '../../src/main/app/types';
import type { AdvisorStatus, RequestName } from '../../src/shared/contract';

/** The transport double plus a log of every call its handlers received (validated arguments). */
export interface TransportDouble extends AppService {
  calls: { name: RequestName; args: unknown }[];
}

const advisorStatus: AdvisorStatus = {
  active: 'kg',
  model: { status: 'none' },
  latencyMs: null,
  prompt: 'default',
  recommended: { name: 'test model', sizeBytes: 1, license: 'MIT', url: 'http://127.0.0.1/x' },
  download: { state: 'idle', receivedBytes: 0, totalBytes: null, jobId: null, error: null },
};

/** Build a fresh transport double. */
export function createTransportDouble(): TransportDouble {
  const calls: TransportDouble['calls'] = [];
  const log = (name: RequestName, args: unknown): void => {
    calls.push({ name, args });
  };
  const handlers: Handlers = {
    'app.info': async (a) => {
      log('app.info', a);
      return {
        version: '0.0.0-test',
        host: 'headless',
        dbPath: ':memory:',
        classes: ['Benign', 'DoS'],
        actions: [{ index: 0, id: 'NA', name: 'No Action', description: 'Do nothing.' }],
        ranked: { Benign: [0], DoS: [0] },
        analyst: 'tester',
      };
    },
    'datasets.list': async (a) => {
      log('datasets.list', a);
      return [];
    },
    'datasets.loadDemo': async (a) => {
      log('datasets.loadDemo', a);
      return { jobId: 'job-demo' };
    },
    'datasets.loadPaths': async (a) => {
      log('datasets.loadPaths', a);
      return { jobId: 'job-paths' };
    },
    'jobs.cancel': async (a) => {
      log('jobs.cancel', a);
      return { cancelled: true };
    },
    'jobs.list': async (a) => {
      log('jobs.list', a);
      return [];
    },
    'datasets.reclassify': async (a) => {
      log('datasets.reclassify', a);
      return { jobId: 'job-reclassify' };
    },
    'datasets.resume': async (a) => {
      log('datasets.resume', a);
      return { jobId: 'job-resume' };
    },
    'datasets.delete': async (a) => {
      log('datasets.delete', a);
      return { datasetId: a.datasetId, flows: 0, alerts: 0 };
    },
    'datasets.rescore': async (a) => {
      log('datasets.rescore', a);
      return { jobId: 'job-rescore' };
    },
    'detector.list': async (a) => {
      log('detector.list', a);
      return [];
    },
    'detector.confirm': async (a) => {
      log('detector.confirm', a);
      throw new Error('no detector in the transport double');
    },
    'alerts.query': async (a) => {
      log('alerts.query', a);
      return { total: 0, rows: [] };
    },
    'detector.report': async (a) => {
      log('detector.report', a);
      throw new Error('no detector in the transport double');
    },
    'signatures.get': async (a) => {
      log('signatures.get', a);
      return null;
    },
    'alerts.detail': async (a) => {
      log('alerts.detail', a);
      return null;
    },
    'alerts.decide': async (a) => {
      log('alerts.decide', a);
      return { decided: 0, missing: a.alertIds, auditIds: [], kgVersion: null };
    },
    'advisor.status': async (a) => {
      log('advisor.status', a);
      return advisorStatus;
    },
    'advisor.setModel': async (a) => {
      log('advisor.setModel', a);
      return advisorStatus;
    },
    'advisor.download': async (a) => {
      log('advisor.download', a);
      return { jobId: 'job-download' };
    },
    'advisor.setPrompt': async (a) => {
      log('advisor.setPrompt', a);
      return { ...advisorStatus, prompt: a.prompt };
    },
    'alerts.queue': async (a) => {
      log('alerts.queue', a);
      return {
        total: 0,
        alerts: 0,
        pending: 0,
        hiddenBenign: 0,
        unrecommended: 0,
        asOf: 0,
        rows: [],
      };
    },
    'alerts.decideGroup': async (a) => {
      log('alerts.decideGroup', a);
      return { decided: 0, missing: [], auditIds: [], kgVersion: null, group: '' };
    },
    'kg.graph': async (a) => {
      log('kg.graph', a);
      return { detectorId: null, version: null, nodes: [], edges: [], truncated: 0, matrix: [] };
    },
    'training.start': async (a) => {
      log('training.start', a);
      throw new Error('no training in the transport double');
    },
    'training.control': async (a) => {
      log('training.control', a);
      throw new Error('no training in the transport double');
    },
    'training.status': async (a) => {
      log('training.status', a);
      return null;
    },
    'training.study': async (a) => {
      log('training.study', a);
      throw new Error('no studies in the transport double');
    },
    'training.studyControl': async (a) => {
      log('training.studyControl', a);
      throw new Error('no studies in the transport double');
    },
    'training.studyStatus': async (a) => {
      log('training.studyStatus', a);
      return null;
    },
    'feed.start': async (a) => {
      log('feed.start', a);
      throw new Error('no feeds in the transport double');
    },
    'feed.stop': async (a) => {
      log('feed.stop', a);
      throw new Error('no feeds in the transport double');
    },
    'feed.switchDetector': async (a) => {
      log('feed.switchDetector', a);
      throw new Error('no feeds in the transport double');
    },
    'feed.list': async (a) => {
      log('feed.list', a);
      return [];
    },
    'export.decisions': async (a) => {
      log('export.decisions', a);
      return { path: '/tmp/x.csv', rows: 0, url: null };
    },
    'incidents.list': async (a) => {
      log('incidents.list', a);
      return [];
    },
    'incidents.get': async (a) => {
      log('incidents.get', a);
      return null;
    },
    'incidents.decide': async (a) => {
      log('incidents.decide', a);
      throw new Error('no incidents in the transport double');
    },
    'incidents.report': async (a) => {
      log('incidents.report', a);
      return { markdown: '' };
    },
    'incidents.answer': async (a) => {
      log('incidents.answer', a);
      throw new Error('no incidents in the transport double');
    },
    'autoApprove.get': async (a) => {
      log('autoApprove.get', a);
      return { thresholds: {} };
    },
    'autoApprove.set': async (a) => {
      log('autoApprove.set', a);
      return { thresholds: a.thresholds };
    },
    'kg.summary': async (a) => {
      log('kg.summary', a);
      return { detectorId: null, version: null, nodes: 0, edges: 0, snapshots: 0, policy: null };
    },
    'audit.verify': async (a) => {
      log('audit.verify', a);
      return { intact: true, rows: 0, head: null, problem: null };
    },
    'audit.list': async (a) => {
      log('audit.list', a);
      return { total: 0, rows: [], actors: [], actions: [] };
    },
  };
  return {
    handlers,
    events: new EventHub(),
    dbPath: ':memory:',
    dataDir: tmpdir(),
    health: () => ({
      engine: 'sqlite',
      database: ':memory:',
      databaseOk: true,
      roundTripMs: 0,
      error: null,
      listening: null,
      streams: [],
    }),
    calls,
    close: async () => {},
  };
}
