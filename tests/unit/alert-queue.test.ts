/** The aggregated queue's pure rules: NAT folding, scan groups, merging action rows, the order. */
import { describe, expect, it } from 'vitest';
import {
  addressesOf,
  AlertQueue,
  QUEUE_MIN_REFRESH_MS,
  SWEEP_MIN,
  foldRows,
  groupKeyText,
  searchTexts,
  severityOf,
  sortGroups,
} from '../../src/main/app/queries/alertQueue';
import type { QueueRow } from '../../src/main/store/records';
import type { Store } from '../../src/main/store/store';

const SIGS: Record<number, { text: string; className: string }> = {
  1: { text: 'a <= 1', className: 'FTP-Patator' },
  2: { text: 'b > 2', className: 'PortScan' },
  3: { text: 'c > 3', className: 'Benign' },
};

function row(over: Partial<QueueRow>): QueueRow {
  return {
    signature_id: 1,
    src_ip: '205.174.165.73',
    dst_ip: '192.168.10.50',
    dst_port: 21,
    action: 3,
    alerts: 1,
    pending: 1,
    needs_review: 0,
    unrecommended: 0,
    max_risk: 0.1,
    first_seen: 1000,
    last_seen: 1000,
    datasets: '1',
    ...over,
  };
}

describe('alert queue grouping', () => {
  it('folds the NAT alias into the attacker and merges the rows of one group', () => {
    const groups = foldRows(
      [
        row({ alerts: 5, pending: 5, action: 3, max_risk: 0.2, first_seen: 500 }),
        row({
          src_ip: '172.16.0.1',
          alerts: 2,
          pending: 1,
          action: 7,
          last_seen: 4000,
          datasets: '2',
        }),
        row({ alerts: 1, pending: 0, action: null, unrecommended: 1, max_risk: null }),
      ],
      (id) => SIGS[id],
    );
    expect(groups).toHaveLength(1);
    const g = groups[0]!;
    expect(g.src).toEqual({ address: '205.174.165.73', aliases: ['172.16.0.1'] });
    expect(g).toMatchObject({
      alerts: 8,
      pending: 6,
      unrecommended: 1,
      maxRisk: 0.2,
      firstSeen: 500,
      lastSeen: 4000,
      topAction: 3,
      datasetIds: [1, 2],
      dstPort: 21,
      allPorts: false,
      ports: 1,
      key: groupKeyText(1, '205.174.165.73', '192.168.10.50', 21),
    });
  });

  it('keeps one group per service, but one group for a sweep over ports or hosts', () => {
    const ports = [80, 443, 8080, 22, 21, 3389];
    const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'];
    const groups = foldRows(
      [
        row({ dst_port: 21 }),
        row({ dst_port: 22 }),
        // Six ports of one host under one signature: a port sweep, one group.
        ...ports.map((p) => row({ signature_id: 2, dst_port: p })),
        // Six hosts from one source under one signature: a host sweep, one group.
        ...hosts.map((h, i) =>
          row({ signature_id: 3, src_ip: '192.168.10.8', dst_ip: h, dst_port: i }),
        ),
      ],
      (id) => SIGS[id],
    );
    expect(groups).toHaveLength(4);
    const portSweep = groups.find((g) => g.signatureId === 2)!;
    expect(portSweep).toMatchObject({
      allPorts: true,
      allDsts: false,
      dstPort: null,
      ports: 6,
      alerts: 6,
    });
    expect(portSweep.key).toBe('sig:2|205.174.165.73>192.168.10.50:*');
    const hostSweep = groups.find((g) => g.signatureId === 3)!;
    expect(hostSweep).toMatchObject({
      allDsts: true,
      allPorts: true,
      dst: null,
      dsts: 6,
      alerts: 6,
    });
    expect(hostSweep.key).toBe('sig:3|192.168.10.8>*:*');
    // Five ports are still five services.
    const five = foldRows(
      ports.slice(0, SWEEP_MIN).map((p) => row({ dst_port: p })),
      (id) => SIGS[id],
    );
    expect(five).toHaveLength(SWEEP_MIN);
  });

  it('orders pending groups first, then by the chosen key, severity and size', () => {
    const groups = foldRows(
      [
        row({ signature_id: 1, dst_port: 21, max_risk: 0.05, alerts: 10 }),
        row({ signature_id: 1, dst_port: 22, max_risk: 0.3, alerts: 1 }),
        row({ signature_id: 2, dst_port: 80, max_risk: 0.9, pending: 0 }),
        row({ signature_id: 3, dst_port: 443, max_risk: 0.3, alerts: 50 }),
      ],
      (id) => SIGS[id],
    );
    const byRisk = sortGroups([...groups], 'risk', true).map((g) => g.key);
    // 0.3 ties: FTP-Patator (medium) before Benign (none); the decided scan sinks.
    expect(byRisk).toEqual([
      groupKeyText(1, '205.174.165.73', '192.168.10.50', 22),
      groupKeyText(3, '205.174.165.73', '192.168.10.50', 443),
      groupKeyText(1, '205.174.165.73', '192.168.10.50', 21),
      groupKeyText(2, '205.174.165.73', '192.168.10.50', 80),
    ]);
    const bySize = sortGroups([...groups], 'alerts', true).map((g) => g.alerts);
    expect(bySize).toEqual([50, 10, 1, 1]);
  });

  it('searches either address of a NAT pair and names severities by family', () => {
    expect(searchTexts('172.16.0.1').sort()).toEqual(['172.16.0.1', '205.174.165.73']);
    expect(searchTexts('10.0.0.1')).toEqual(['10.0.0.1']);
    expect(addressesOf('172.16.0.1')).toEqual(['205.174.165.73', '172.16.0.1']);
    expect(severityOf('Infiltration').severity).toBe(3);
    expect(severityOf('DDoS').severity).toBe(2);
    expect(severityOf('PortScan').severity).toBe(1);
    expect(severityOf('Benign').severity).toBe(0);
  });
});

describe('alert queue pacing', () => {
  /** A store answering one group whose size the test changes, counting the groupings run. */
  function fakeStore() {
    const state = { alerts: 1, computed: 0 };
    const store = {
      queueRows: () => {
        state.computed++;
        return [row({ alerts: state.alerts, pending: state.alerts })];
      },
      countAlerts: () => 0,
      getSignature: (id: number) => ({ text: SIGS[id]!.text, class_name: SIGS[id]!.className }),
    };
    return { state, store: store as unknown as Store };
  }
  const args = {
    hideBenign: true,
    pendingOnly: false,
    sort: 'risk',
    desc: true,
    offset: 0,
    limit: 10,
  } as const;

  it('regroups at once after a decision, and at most once a second for a feed', () => {
    const { state, store } = fakeStore();
    let t = 0;
    const queue = new AlertQueue(store, () => t);
    expect(queue.page(args).alerts).toBe(1);
    state.alerts = 5;
    queue.alertsAdded();
    t = 500;
    // A feed's alerts within the pacing interval: the grouping of t=0 still answers.
    expect(queue.page(args).alerts).toBe(1);
    t = QUEUE_MIN_REFRESH_MS;
    expect(queue.page(args).alerts).toBe(5);
    expect(state.computed).toBe(2);
    // A decision: regrouped on the next page, however recent the last grouping.
    state.alerts = 7;
    queue.invalidate();
    expect(queue.page(args).alerts).toBe(7);
    expect(state.computed).toBe(3);
    // Nothing changed: served from the cache.
    queue.page(args);
    expect(state.computed).toBe(3);
  });
});
