/**
 * Enforcement renderings: the incident desk's recommended response actions written out as the
 * nftables commands, Suricata rules and Wazuh active-response calls an analyst applies by hand.
 * Every value that reaches the text has passed enforceValidate.ts (an action may come from an LLM),
 * and nothing is executed here: the output is text to review, copy and run.
 */
import { createHash } from 'node:crypto';
import type { ResponseAction } from '../core/types';
import { actionKey } from '../core/verbs';
import {
  EnforcementError,
  familyOf,
  validateAction,
  validateAddress,
  validateAgents,
  validateIncidentId,
  validateInt,
  validateInterface,
  type Proto,
} from './enforceValidate';

export { EnforcementError, parseServiceTarget } from './enforceValidate';

/** Where and for what an action is rendered. */
export interface EnforcementContext {
  incidentId: string;
  /** The attacker address the block is about, when known. */
  attacker?: string;
  /** Interface facing the outside (default 'wan0'); rate limits apply to traffic arriving on it. */
  perimeterInterface?: string;
  /** First Suricata sid of Rampart's range (default 9_100_000). */
  sidBase?: number;
  /** Wazuh agents_list the active response runs on (default '000', the manager). */
  wazuhAgent?: string;
}

/** One system's text for an action: the exact command(s) or rule(s). */
export interface Rendering {
  system: 'nftables' | 'suricata' | 'wazuh';
  title: string;
  text: string;
}

/** Sids spread over this many values above sidBase (Suricata sids are 32-bit). */
const SID_SPAN = 100_000;
const TABLE = 'inet rampart';
/** Default rate of rate-limit-endpoint, packets per second, when the action has no params.rate. */
const DEFAULT_RATE = 10;

interface Ctx {
  incident: string;
  attacker: string | null;
  iface: string;
  sidBase: number;
  agents: string;
  /** actionKey of the action, hashed into each sid. */
  key: string;
}

function context(a: ResponseAction, ctx: EnforcementContext): Ctx {
  return {
    incident: validateIncidentId(ctx.incidentId),
    attacker: ctx.attacker === undefined ? null : validateAddress('attacker', ctx.attacker),
    iface: validateInterface(ctx.perimeterInterface ?? 'wan0'),
    sidBase: validateInt('sidBase', ctx.sidBase ?? 9_100_000, 1, 2 ** 32 - 1 - SID_SPAN),
    agents: validateAgents(ctx.wazuhAgent ?? '000'),
    key: actionKey(a),
  };
}

/** A deterministic sid: the same incident, action and rule always get the same number. */
function sid(c: Ctx, rule: string): number {
  const h = createHash('sha256').update(`${c.incident}\n${c.key}\n${rule}`).digest();
  return c.sidBase + (h.readUInt32BE(0) % SID_SPAN);
}

/**
 * The nft comment of a rule: tag and subject first, so an unblock can find it whatever incident
 * added it; the incident last, where nft's 128-byte comment limit may cut it.
 */
function comment(tag: string, subject: string, incident: string): string {
  return `rampart ${tag} ${subject} ${incident}`.slice(0, 127);
}

/** `ip` or `ip6` for an address's family, as nft matches them. */
const ipOf = (address: string): string => (familyOf(address) === 6 ? 'ip6' : 'ip');

/** An nft script (`nft -f -`) that creates the table and base chains it needs, then adds rules. */
function nftScript(chains: readonly string[], rules: readonly string[]): string {
  // Priority -10 runs before a distribution's own filter chains; policy accept leaves all else alone.
  const hook = (c: string): string =>
    `add chain ${TABLE} ${c} { type filter hook ${c} priority -10; policy accept; }`;
  return [
    "nft -f - <<'EOF'",
    `add table ${TABLE}`,
    ...chains.map(hook),
    ...rules.map((r) => `add rule ${TABLE} ${r}`),
    'EOF',
  ].join('\n');
}

/** Shell that deletes every rule of the chains whose comment starts with "rampart <tag> <subject> ". */
function nftDelete(chains: readonly string[], tag: string, subject: string): string {
  // nft deletes by handle only; `nft -a` prints each rule's handle last, after its comment.
  const match = `"rampart ${tag} ${subject} `;
  return [
    `for c in ${chains.join(' ')}; do`,
    `  nft -a list chain ${TABLE} "$c" | awk -v m='${match}' 'index($0, m) {print $NF}' |`,
    `    while read -r h; do nft delete rule ${TABLE} "$c" handle "$h"; done`,
    'done',
  ].join('\n');
}

function suricataRule(c: Ctx, header: string, what: string, rule: string): string {
  return `drop ${header} (msg:"Rampart ${c.incident} ${what}"; sid:${sid(c, rule)}; rev:1;)`;
}

/** A Wazuh API call running the stock firewall-drop active response against an address. */
function wazuh(c: Ctx, address: string, title: string): Rendering {
  const body = JSON.stringify({
    command: '!firewall-drop',
    arguments: [],
    alert: { data: { srcip: address } },
  });
  // -k: the Wazuh API ships with a self-signed certificate; $WAZUH_API and $WAZUH_TOKEN stay
  // shell variables so no secret is ever written into the rendering.
  const text = [
    `curl -k -X PUT "https://$WAZUH_API:55000/active-response?agents_list=${c.agents}" \\`,
    '  -H "Authorization: Bearer $WAZUH_TOKEN" \\',
    '  -H "Content-Type: application/json" \\',
    `  -d '${body}'`,
  ].join('\n');
  return { system: 'wazuh', title, text };
}

const nft = (title: string, text: string): Rendering => ({ system: 'nftables', title, text });
const suricata = (title: string, rules: string[]): Rendering => ({
  system: 'suricata',
  title: `${title} (append to a local rules file, then reload the rules)`,
  text: rules.join('\n'),
});

function blockEndpoint(c: Ctx, x: string): Rendering[] {
  const rule = (chain: string): string =>
    `${chain} ${ipOf(x)} saddr ${x} drop comment "${comment('block', x, c.incident)}"`;
  return [
    nft(
      `Drop all traffic from ${x}`,
      nftScript(['input', 'forward'], ['input', 'forward'].map(rule)),
    ),
    suricata(`Drop ${x} inline`, [
      suricataRule(c, `ip ${x} any -> $HOME_NET any`, `block ${x}`, 'from'),
    ]),
    wazuh(c, x, `Wazuh firewall-drop of ${x}`),
  ];
}

function isolateHost(c: Ctx, h: string): Rendering[] {
  const ip = ipOf(h);
  const note = `"${comment('isolate', h, c.incident)}"`;
  return [
    nft(
      `Cut ${h} off in both directions`,
      nftScript(
        ['input', 'forward', 'output'],
        [
          `input ${ip} saddr ${h} drop comment ${note}`,
          `forward ${ip} saddr ${h} drop comment ${note}`,
          `forward ${ip} daddr ${h} drop comment ${note}`,
          `output ${ip} daddr ${h} drop comment ${note}`,
        ],
      ),
    ),
    suricata(`Drop everything to and from ${h}`, [
      suricataRule(c, `ip ${h} any -> any any`, `isolate ${h} outbound`, 'from'),
      suricataRule(c, `ip any any -> ${h} any`, `isolate ${h} inbound`, 'to'),
    ]),
    wazuh(c, h, `Wazuh firewall-drop of ${h}`),
  ];
}

function blockC2(c: Ctx, x: string): Rendering[] {
  const rule = (chain: string): string =>
    `${chain} ${ipOf(x)} daddr ${x} drop comment "${comment('c2', x, c.incident)}"`;
  return [
    nft(`Drop egress to ${x}`, nftScript(['output', 'forward'], ['output', 'forward'].map(rule))),
    suricata(`Drop egress to ${x}`, [
      suricataRule(c, `ip $HOME_NET any -> ${x} any`, `c2 ${x}`, 'to'),
    ]),
    // firewall-drop drops what comes from the address, so the C2's answers stop too.
    wazuh(c, x, `Wazuh firewall-drop of ${x} (drops its replies)`),
  ];
}

function rateLimit(c: Ctx, x: string, rate: number): Rendering[] {
  const rule = (chain: string): string =>
    `${chain} iifname "${c.iface}" ${ipOf(x)} saddr ${x} limit rate over ${rate}/second drop` +
    ` comment "${comment('rate', x, c.incident)}"`;
  return [
    nft(
      `Drop what ${x} sends over ${rate} packets/s on ${c.iface}`,
      nftScript(['input', 'forward'], ['input', 'forward'].map(rule)),
    ),
  ];
}

function ipsRule(c: Ctx, host: string, port: number, proto: Proto): Rendering[] {
  const a = c.attacker;
  if (a !== null && familyOf(a) !== familyOf(host))
    throw new EnforcementError('attacker', a, `not the address family of ${host}`);
  const svc = `${host}:${port}/${proto}`;
  const dport = proto === 'icmp' ? 'any' : String(port);
  const out: Rendering[] = [
    suricata(a ? `Drop ${a} in front of ${svc}` : `Drop every client of ${svc}: narrow it first`, [
      suricataRule(c, `${proto} ${a ?? 'any'} any -> ${host} ${dport}`, `ips ${svc}`, 'ips'),
    ]),
  ];
  if (a === null) return out;
  const ip = ipOf(host);
  const l4 =
    proto === 'icmp'
      ? `meta l4proto ${ip === 'ip6' ? 'ipv6-icmp' : 'icmp'}`
      : `${proto} dport ${port}`;
  const rule = (chain: string): string =>
    `${chain} ${ip} saddr ${a} ${ip} daddr ${host} ${l4} drop comment "${comment('ips', `${host}:${port}`, c.incident)}"`;
  out.unshift(
    nft(`Drop ${a} to ${svc}`, nftScript(['input', 'forward'], ['input', 'forward'].map(rule))),
  );
  out.push(wazuh(c, a, `Wazuh firewall-drop of ${a}`));
  return out;
}

/** Why a host name gets no rules: Suricata and Wazuh match addresses only. */
const byName = (verbName: string, host: string): string =>
  `${verbName} ${host}: resolve ${host} to its address and render the action for that address.`;

/**
 * The renderings of an action (nftables, Suricata, Wazuh), or the one-line manual step for verbs no
 * firewall or IPS expresses. Throws EnforcementError when any value is malformed.
 */
export function renderEnforcement(
  a: ResponseAction,
  ctx: EnforcementContext,
): { renderings: Rendering[]; manual: string | null } {
  const c = context(a, ctx);
  const { verb: v, target: t } = validateAction(a);
  const addr = t.address;
  switch (v.id) {
    case 'block-endpoint':
      return { renderings: blockEndpoint(c, addr as string), manual: null };
    case 'block-outbound-c2':
      return { renderings: blockC2(c, addr as string), manual: null };
    case 'rate-limit-endpoint': {
      const rate = validateInt('params.rate', a.params?.rate ?? DEFAULT_RATE, 1, 1_000_000);
      return { renderings: rateLimit(c, addr as string, rate), manual: null };
    }
    case 'isolate-host':
      if (addr === null) return { renderings: [], manual: byName(v.name, t.host as string) };
      return { renderings: isolateHost(c, addr), manual: null };
    case 'deploy-ips-rule':
      if (addr === null) return { renderings: [], manual: byName(v.name, t.host as string) };
      return { renderings: ipsRule(c, addr, t.port as number, t.proto as Proto), manual: null };
    case 'unblock-endpoint':
    case 'reconnect-host': {
      if (addr === null) return { renderings: [], manual: byName(v.name, t.host as string) };
      const isolate = v.id === 'reconnect-host';
      const tag = isolate ? 'isolate' : 'block';
      const chains = isolate ? ['input', 'forward', 'output'] : ['input', 'forward'];
      return {
        renderings: [
          nft(`Delete Rampart's ${tag} rules for ${addr}`, nftDelete(chains, tag, addr)),
        ],
        manual: `Also delete the Suricata rules "Rampart <incident> ${tag} ${addr}" from the local rules file and reload the rules.`,
      };
    }
    default: {
      const on =
        t.kind === 'account'
          ? `${t.user}@${t.host}`
          : t.kind === 'service'
            ? `${t.host}:${t.port}/${t.proto}`
            : t.host;
      const where = on === null ? '' : ` on ${on}`;
      return {
        renderings: [],
        manual: `${v.name}${where} (incident ${c.incident}): ${v.description}`,
      };
    }
  }
}
