/**
 * What the desk observes after a containment step: attack alerts that arrived after the step
 * from the blocked source (through its NAT alias) or to the isolated host; none arrived at all is
 * "not observed yet" (null), never "it worked".
 */
import { describe, expect, it } from 'vitest';
import { alertsAfter, type GroupingContext } from '../../src/main/app/incidentDesk/grounded';
import type { IrAlert } from '../../src/main/domain/ir/core/types';
import { indexContext } from '../../src/main/domain/ir/grounded';

function alert(id: number, src: string, dst: string, cls: string): IrAlert {
  return {
    time: 1_500_000_000_000 + id * 1000,
    src,
    dst,
    srcPort: 40000,
    dstPort: 21,
    proto: 'TCP',
    signature: cls,
    classification: cls === 'Benign' ? 'benign' : cls,
    priority: 1,
    source: 'flow',
    alertId: id,
  };
}

function grouping(alerts: IrAlert[]): GroupingContext {
  return {
    alerts,
    context: indexContext(alerts),
    gateways: [],
    maxAlertId: Math.max(0, ...alerts.map((a) => a.alertId!)),
  };
}

describe('containment observed from later alerts', () => {
  const before = [
    alert(1, '172.16.0.1', '192.168.10.50', 'FTP-Patator'),
    alert(2, '172.16.0.1', '192.168.10.50', 'FTP-Patator'),
  ];
  const block = { verb: 'block-endpoint', target: '205.174.165.73' };

  it('no alert since the step: not observed yet', () => {
    expect(alertsAfter(grouping(before), block, 2)).toBe(null);
  });

  it('later attack alerts from the blocked source, seen under its NAT alias, show the block did not hold', () => {
    const later = [
      ...before,
      alert(3, '172.16.0.1', '192.168.10.50', 'FTP-Patator'),
      alert(4, '192.168.10.3', '192.168.10.50', 'Benign'),
    ];
    expect(alertsAfter(grouping(later), block, 2)).toBe(1);
  });

  it('later alerts from elsewhere only: the block held', () => {
    const later = [
      ...before,
      alert(3, '192.168.10.9', '192.168.10.50', 'Benign'),
      alert(4, '192.168.10.3', '8.8.8.8', 'Benign'),
    ];
    expect(alertsAfter(grouping(later), block, 2)).toBe(0);
  });

  it('an isolated host is checked both ways; an evidence step has no traffic observation', () => {
    const later = [...before, alert(3, '192.168.10.50', '10.0.0.9', 'PortScan')];
    expect(alertsAfter(grouping(later), { verb: 'isolate-host', target: '192.168.10.50' }, 2)).toBe(
      1,
    );
    expect(alertsAfter(grouping(later), { verb: 'collect-logs', target: '192.168.10.50' }, 2)).toBe(
      null,
    );
  });
});
