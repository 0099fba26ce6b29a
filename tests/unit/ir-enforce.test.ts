import { describe, expect, it } from 'vitest';
import type { ResponseAction } from '../../src/main/domain/ir/core/types';
import {
  EnforcementError,
  parseServiceTarget,
  renderEnforcement,
  type Rendering,
} from '../../src/main/domain/ir/grounded/enforce';

const ATTACKER = '205.174.165.73';
const ctx = { incidentId: 'INC-42' };

function bySystem(renderings: Rendering[]): Record<string, string> {
  return Object.fromEntries(renderings.map((r) => [r.system, r.text]));
}
function sidOf(rule: string): number {
  const m = /sid:(\d+);/.exec(rule);
  if (!m) throw new Error(`no sid in ${rule}`);
  return Number(m[1]);
}

describe('renderEnforcement: block-endpoint', () => {
  const r = renderEnforcement({ verb: 'block-endpoint', target: ATTACKER }, ctx);
  const t = bySystem(r.renderings);

  it('renders nftables, Suricata and Wazuh and no manual step', () => {
    expect(r.manual).toBeNull();
    expect(r.renderings.map((x) => x.system)).toEqual(['nftables', 'suricata', 'wazuh']);
  });

  it('nftables: the inet rampart table, input and forward chains, a drop with the incident', () => {
    expect(t.nftables).toContain('add table inet rampart');
    expect(t.nftables).toContain(
      'add chain inet rampart input { type filter hook input priority -10; policy accept; }',
    );
    expect(t.nftables).toContain(
      `add rule inet rampart input ip saddr ${ATTACKER} drop comment "rampart block ${ATTACKER} INC-42"`,
    );
    expect(t.nftables).toContain(`add rule inet rampart forward ip saddr ${ATTACKER} drop`);
    expect(t.nftables).not.toContain('ip6');
  });

  it('Suricata: a drop rule from the address to $HOME_NET with a sid in Rampart range', () => {
    const rule = t.suricata ?? '';
    expect(rule.startsWith(`drop ip ${ATTACKER} any -> $HOME_NET any (`)).toBe(true);
    expect(rule).toMatch(/\(msg:"Rampart INC-42 block 205\.174\.165\.73"; sid:\d+; rev:1;\)$/);
    const sid = sidOf(rule);
    expect(sid).toBeGreaterThanOrEqual(9_100_000);
    expect(sid).toBeLessThan(9_200_000);
  });

  it('Wazuh: a PUT to active-response with firewall-drop and the token as a variable', () => {
    expect(t.wazuh).toContain(
      'curl -k -X PUT "https://$WAZUH_API:55000/active-response?agents_list=000"',
    );
    expect(t.wazuh).toContain('-H "Authorization: Bearer $WAZUH_TOKEN"');
    expect(t.wazuh).toContain(
      `-d '{"command":"!firewall-drop","arguments":[],"alert":{"data":{"srcip":"${ATTACKER}"}}}'`,
    );
  });

  it('sids are deterministic, follow sidBase and differ between incidents', () => {
    const a: ResponseAction = { verb: 'block-endpoint', target: ATTACKER };
    const sid = (c: { incidentId: string; sidBase?: number }): number =>
      sidOf(bySystem(renderEnforcement(a, c).renderings).suricata ?? '');
    expect(sid(ctx)).toBe(sidOf(t.suricata ?? ''));
    expect(sid({ incidentId: 'INC-43' })).not.toBe(sid(ctx));
    expect(sid({ incidentId: 'INC-42', sidBase: 1_000_000 })).toBe(sid(ctx) - 8_100_000);
  });
});

describe('renderEnforcement: other rendered verbs', () => {
  it('IPv6: ip6 saddr in nftables, the canonical address everywhere', () => {
    const t = bySystem(
      renderEnforcement({ verb: 'block-endpoint', target: '2001:DB8:0:0::1' }, ctx).renderings,
    );
    expect(t.nftables).toContain('input ip6 saddr 2001:db8::1 drop');
    expect(t.nftables).not.toMatch(/ ip saddr/);
    expect(t.suricata?.startsWith('drop ip 2001:db8::1 any -> $HOME_NET any (')).toBe(true);
    expect(t.wazuh).toContain('"srcip":"2001:db8::1"');
  });

  it('isolate-host drops both directions in nftables and Suricata', () => {
    const h = '192.168.10.8';
    const t = bySystem(renderEnforcement({ verb: 'isolate-host', target: h }, ctx).renderings);
    for (const rule of [
      `input ip saddr ${h} drop`,
      `forward ip saddr ${h} drop`,
      `forward ip daddr ${h} drop`,
      `output ip daddr ${h} drop`,
    ])
      expect(t.nftables).toContain(rule);
    const rules = (t.suricata ?? '').split('\n');
    expect(rules).toHaveLength(2);
    expect(rules[0]?.startsWith(`drop ip ${h} any -> any any (`)).toBe(true);
    expect(rules[1]?.startsWith(`drop ip any any -> ${h} any (`)).toBe(true);
    expect(sidOf(rules[0] ?? '')).not.toBe(sidOf(rules[1] ?? ''));
    expect(t.wazuh).toContain(`"srcip":"${h}"`);
  });

  it('block-outbound-c2 drops egress to the address', () => {
    const t = bySystem(
      renderEnforcement({ verb: 'block-outbound-c2', target: ATTACKER }, ctx).renderings,
    );
    expect(t.nftables).toContain(`output ip daddr ${ATTACKER} drop`);
    expect(t.nftables).toContain(`forward ip daddr ${ATTACKER} drop`);
    expect(t.suricata?.startsWith(`drop ip $HOME_NET any -> ${ATTACKER} any (`)).toBe(true);
  });

  it('rate-limit-endpoint limits on the perimeter interface (nftables only)', () => {
    const r = renderEnforcement(
      { verb: 'rate-limit-endpoint', target: ATTACKER },
      { ...ctx, perimeterInterface: 'eth1' },
    );
    expect(r.renderings.map((x) => x.system)).toEqual(['nftables']);
    expect(r.renderings[0]?.text).toContain(
      `input iifname "eth1" ip saddr ${ATTACKER} limit rate over 10/second drop`,
    );
  });

  it('deploy-ips-rule on 192.168.10.50:21/tcp with a known attacker', () => {
    const r = renderEnforcement(
      { verb: 'deploy-ips-rule', target: '192.168.10.50:21/tcp' },
      { ...ctx, attacker: ATTACKER },
    );
    const t = bySystem(r.renderings);
    expect(r.renderings.map((x) => x.system)).toEqual(['nftables', 'suricata', 'wazuh']);
    expect(t.suricata).toMatch(
      /^drop tcp 205\.174\.165\.73 any -> 192\.168\.10\.50 21 \(msg:"Rampart INC-42 ips 192\.168\.10\.50:21\/tcp"; sid:\d+; rev:1;\)$/,
    );
    expect(t.nftables).toContain(
      `forward ip saddr ${ATTACKER} ip daddr 192.168.10.50 tcp dport 21 drop`,
    );
    expect(t.wazuh).toContain(`"srcip":"${ATTACKER}"`);
  });

  it('deploy-ips-rule without an attacker: a Suricata rule from any, no nftables or Wazuh', () => {
    const r = renderEnforcement({ verb: 'deploy-ips-rule', target: '192.168.10.50:80' }, ctx);
    expect(r.renderings.map((x) => x.system)).toEqual(['suricata']);
    expect(r.renderings[0]?.text.startsWith('drop tcp any any -> 192.168.10.50 80 (')).toBe(true);
  });

  it('unblock-endpoint finds the block rules by their comment', () => {
    const r = renderEnforcement({ verb: 'unblock-endpoint', target: ATTACKER }, ctx);
    expect(r.renderings.map((x) => x.system)).toEqual(['nftables']);
    expect(r.renderings[0]?.text).toContain(`m='"rampart block ${ATTACKER} '`);
    expect(r.renderings[0]?.text).toContain('nft delete rule inet rampart "$c" handle "$h"');
    expect(r.manual).toContain(`block ${ATTACKER}`);
  });
});

describe('renderEnforcement: manual verbs', () => {
  it.each([
    [
      'rotate-credentials',
      'administrator@192.168.10.3',
      'Rotate credentials on administrator@192.168.10.3',
    ],
    ['collect-logs', 'web01.lab', 'Collect logs on web01.lab'],
    ['patch-service', '192.168.10.50:21/tcp', 'Patch service on 192.168.10.50:21/tcp'],
    ['monitor', null, 'Monitor (incident INC-42)'],
  ])('%s %s: no renderings, one manual line', (verbId, target, start) => {
    const r = renderEnforcement({ verb: verbId, target }, ctx);
    expect(r.renderings).toEqual([]);
    expect(r.manual?.startsWith(start)).toBe(true);
    expect(r.manual).not.toContain('\n');
  });

  it('isolating a host given by name asks for its address instead of rendering', () => {
    const r = renderEnforcement({ verb: 'isolate-host', target: 'web01.lab' }, ctx);
    expect(r.renderings).toEqual([]);
    expect(r.manual).toContain('resolve web01.lab');
  });
});

describe('validation', () => {
  const bad: [string, ResponseAction, Partial<typeof ctx> & Record<string, unknown>][] = [
    ['command after an address', { verb: 'block-endpoint', target: '1.2.3.4; rm -rf /' }, {}],
    ['command substitution', { verb: 'block-endpoint', target: '$(id)' }, {}],
    ['octet over 255', { verb: 'block-endpoint', target: '300.1.1.1' }, {}],
    ['octet over 255 as a host', { verb: 'isolate-host', target: '300.1.1.1' }, {}],
    ['IPv6 zone id', { verb: 'block-endpoint', target: 'fe80::1%eth0' }, {}],
    ['port 70000', { verb: 'deploy-ips-rule', target: '192.168.10.50:70000/tcp' }, {}],
    ['port 0', { verb: 'deploy-ips-rule', target: '192.168.10.50:0/tcp' }, {}],
    ['bad proto', { verb: 'deploy-ips-rule', target: '192.168.10.50:21/sctp' }, {}],
    ['newline in a service', { verb: 'deploy-ips-rule', target: '192.168.10.50:21/tcp\nx' }, {}],
    ['newline in a service host', { verb: 'deploy-ips-rule', target: 'a\nb:21/tcp' }, {}],
    ['host name with a space', { verb: 'collect-logs', target: 'web 01' }, {}],
    ['account with a quote', { verb: 'rotate-credentials', target: 'ad"min@10.0.0.1' }, {}],
    ['missing target', { verb: 'block-endpoint', target: null }, {}],
    ['unknown verb', { verb: 'format-disk', target: ATTACKER }, {}],
    ['bad incident id', { verb: 'block-endpoint', target: ATTACKER }, { incidentId: 'INC 1"; x' }],
    ['bad attacker', { verb: 'deploy-ips-rule', target: '10.0.0.1:22' }, { attacker: '$(id)' }],
    [
      'bad interface',
      { verb: 'rate-limit-endpoint', target: ATTACKER },
      { perimeterInterface: 'a b' },
    ],
    ['bad wazuh agent', { verb: 'block-endpoint', target: ATTACKER }, { wazuhAgent: '000&x=1' }],
    [
      'rate not an integer',
      { verb: 'rate-limit-endpoint', target: ATTACKER, params: { rate: '10;' } },
      {},
    ],
  ];
  it.each(bad)('%s throws EnforcementError', (_name, action, extra) => {
    expect(() => renderEnforcement(action, { ...ctx, ...extra })).toThrow(EnforcementError);
  });

  it('the message names the field and the value', () => {
    expect(() => renderEnforcement({ verb: 'block-endpoint', target: '300.1.1.1' }, ctx)).toThrow(
      /target address "300\.1\.1\.1"/,
    );
    expect(() => parseServiceTarget('192.168.10.50:70000/tcp')).toThrow(/service port "70000"/);
  });

  it('parseServiceTarget reads host, port and proto (tcp when omitted, IPv6 in brackets)', () => {
    expect(parseServiceTarget('192.168.10.50:21/tcp')).toEqual({
      host: '192.168.10.50',
      port: 21,
      proto: 'tcp',
    });
    expect(parseServiceTarget('dns01.lab:53/udp')).toEqual({
      host: 'dns01.lab',
      port: 53,
      proto: 'udp',
    });
    expect(parseServiceTarget('[2001:db8::5]:443')).toEqual({
      host: '2001:db8::5',
      port: 443,
      proto: 'tcp',
    });
    expect(() => parseServiceTarget('192.168.10.50/tcp')).toThrow(EnforcementError);
    expect(() => parseServiceTarget('192.168.10.50:21.5/tcp')).toThrow(EnforcementError);
  });
});
