/** The replay's enforcement and measures on flows built in the test. */
import { describe, expect, it } from 'vitest';
import {
  ReplayMeter,
  ReplayWorld,
  RATE_LIMIT_PER_S,
  type ReplayFlow,
} from '../../src/main/domain/ir/replay';

let id = 0;
function flow(
  t: number,
  src: string,
  dst: string,
  label: string,
  predicted = label === 'BENIGN' ? 'Benign' : 'SSH-Patator',
): ReplayFlow {
  return {
    id: ++id,
    t,
    src,
    dst,
    srcPort: 40000,
    dstPort: 22,
    protocol: 6,
    label,
    benign: label === 'BENIGN',
    predicted,
    confidence: 0.9,
  };
}
const entity = (ip: string) => (ip === '172.16.0.1' ? '205.174.165.73' : ip);

describe('replay world', () => {
  it('a perimeter block drops the blocked entity’s flows (through its NAT alias), nothing else', () => {
    const w = new ReplayWorld(entity);
    expect(w.apply({ verb: 'block-endpoint', target: '205.174.165.73' })).toBe(true);
    expect(w.drops(flow(1, '172.16.0.1', '192.168.10.50', 'SSH-Patator'))).toBe(true);
    expect(w.drops(flow(2, '192.168.10.50', '172.16.0.1', 'BENIGN'))).toBe(false);
    expect(w.drops(flow(3, '192.168.10.9', '192.168.10.50', 'BENIGN'))).toBe(false);
    expect(w.apply({ verb: 'collect-logs', target: '192.168.10.50' })).toBe(false);
  });

  it('isolation cuts both directions; a C2 block cuts traffic to and from the address', () => {
    const w = new ReplayWorld(entity);
    w.apply({ verb: 'isolate-host', target: '192.168.10.8' });
    w.apply({ verb: 'block-outbound-c2', target: '205.174.165.73' });
    expect(w.drops(flow(1, '192.168.10.8', '8.8.8.8', 'BENIGN'))).toBe(true);
    expect(w.drops(flow(2, '8.8.8.8', '192.168.10.8', 'BENIGN'))).toBe(true);
    expect(w.drops(flow(3, '192.168.10.5', '205.174.165.73', 'Botnet'))).toBe(true);
    expect(w.drops(flow(4, '192.168.10.5', '8.8.8.8', 'BENIGN'))).toBe(false);
  });

  it('a rate limit drops only what exceeds its rate in one second', () => {
    const w = new ReplayWorld(entity);
    w.apply({ verb: 'rate-limit-endpoint', target: '205.174.165.73' });
    const dropped = Array.from({ length: RATE_LIMIT_PER_S + 5 }, (_, i) =>
      w.drops(flow(1000 + i, '172.16.0.1', '192.168.10.50', 'DoS Hulk')),
    );
    expect(dropped.filter(Boolean)).toHaveLength(5);
    expect(w.drops(flow(5000, '172.16.0.1', '192.168.10.50', 'DoS Hulk'))).toBe(false);
  });
});

describe('replay meter', () => {
  it('counts exposure after the first alert, collateral and when the attack stopped getting through', () => {
    const m = new ReplayMeter();
    m.count(flow(0, 'a', 'v', 'SSH-Patator', 'Benign'), false); // missed by the detector: not exposure yet
    m.count(flow(1000, 'a', 'v', 'SSH-Patator'), false); // the first alert
    m.count(flow(2000, 'a', 'v', 'SSH-Patator'), false); // through after it: exposure 1
    m.count(flow(3000, 'a', 'v', 'SSH-Patator'), true); // dropped
    m.count(flow(4000, 'a', 'v', 'SSH-Patator'), false); // leaked: containment not yet
    m.count(flow(61_000, 'a', 'v', 'SSH-Patator'), true);
    m.count(flow(62_000, 'a', 'v', 'SSH-Patator'), true);
    m.count(flow(5000, 'b', 'v', 'BENIGN'), true);
    m.count(flow(6000, 'c', 'v', 'BENIGN'), false);
    const [o] = m.outcomes();
    expect(o).toEqual({
      attack: 'SSH-Patator',
      flows: 7,
      firstAlert: 1000,
      exposure: 2,
      afterFirstAlert: 5,
      through: 4,
      timeToContainmentS: 60,
    });
    expect([m.benignFlows, m.collateral]).toEqual([2, 1]);
  });

  it('an attack never dropped after its last flow through is not contained', () => {
    const m = new ReplayMeter();
    m.count(flow(1000, 'a', 'v', 'FTP-Patator'), false);
    m.count(flow(2000, 'a', 'v', 'FTP-Patator'), true);
    m.count(flow(3000, 'a', 'v', 'FTP-Patator'), false);
    expect(m.outcomes()[0]!.timeToContainmentS).toBe(null);
  });
});
