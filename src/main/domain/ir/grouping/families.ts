/**
 * Which attack family an alert belongs to. Flow alerts carry a detector class (exact table);
 * IDS alerts carry a rule message and a classification, matched against an ordered rule table
 * (first match wins, the message before the classification, so "Potential SSH brute force
 * attack" is brute force even though its classtype is attempted-admin).
 */
import type { AttackFamily, IrAlert } from '../core/types';

/** Rampart's flow classes (the eight of the paper plus the extra Bot / Heartbleed) → family. */
export const FLOW_CLASS_FAMILIES: Readonly<Record<string, AttackFamily>> = {
  Benign: 'benign',
  DDoS: 'ddos',
  DoS: 'dos',
  'FTP-Patator': 'brute-force',
  'SSH-Patator': 'brute-force',
  Web: 'web-attack',
  Infiltration: 'infiltration',
  PortScan: 'port-scan',
  Bot: 'botnet',
  Heartbleed: 'heartbleed',
};

/** One row of the IDS table: a pattern over the rule message or the classification. */
export interface FamilyRule {
  family: AttackFamily;
  /** 'signature' rules see the rule message; 'classification' rules the classtype / category. */
  field: 'signature' | 'classification';
  pattern: RegExp;
  /** Why the mapping holds (ATT&CK technique or Snort classtype meaning). */
  why: string;
}

/** The IDS mapping, in match order. Signature rules come first: they are more specific. */
export const IDS_FAMILY_RULES: readonly FamilyRule[] = [
  { field: 'signature', pattern: /heartbleed/i, family: 'heartbleed', why: 'CVE-2014-0160' },
  {
    field: 'signature',
    pattern: /shellshock|command injection|remote code|\brce\b|exploit|overflow|cve-\d/i,
    family: 'exploit',
    why: 'T1190 exploit public-facing application',
  },
  {
    field: 'signature',
    pattern: /sql injection|sqli\b|\bxss\b|cross.site|web attack/i,
    family: 'web-attack',
    why: 'CICIDS2017 web attacks (XSS, SQL injection, web brute force)',
  },
  {
    field: 'signature',
    pattern:
      /brute.?force|patator|password guess|login attempt|ssh connection attempt|auth\w* fail/i,
    family: 'brute-force',
    why: 'T1110 brute force',
  },
  { field: 'signature', pattern: /ddos|loic|hoic/i, family: 'ddos', why: 'T1498 (distributed)' },
  {
    field: 'signature',
    pattern: /\bdos\b|flood|slowloris|slowhttp|hulk|goldeneye/i,
    family: 'dos',
    why: 'T1499 endpoint denial of service',
  },
  {
    field: 'signature',
    pattern: /\bscan|nmap|sweep|icmp|\bping\b|recon/i,
    family: 'port-scan',
    why: 'T1046 / T1018 discovery',
  },
  {
    field: 'signature',
    pattern: /\bbot(net)?\b|\bc2\b|c&c|\bcnc\b|command and control|trojan|malware|beacon/i,
    family: 'botnet',
    why: 'T1071 command and control',
  },
  {
    field: 'signature',
    pattern: /\bsmb\b|netbios|psexec|lateral|\brdp\b|winrm|admin share/i,
    family: 'lateral-movement',
    why: 'T1021 remote services (SMB/Windows admin shares)',
  },
  { field: 'signature', pattern: /infiltrat/i, family: 'infiltration', why: 'CICIDS2017 class' },
  {
    field: 'classification',
    pattern: /^benign$|not.suspicious/i,
    family: 'benign',
    why: 'flow class Benign / Suricata "Not Suspicious Traffic"',
  },
  {
    field: 'classification',
    pattern: /web.application.attack/i,
    family: 'web-attack',
    why: 'classtype web-application-attack',
  },
  {
    field: 'classification',
    pattern: /web.application.activity|potentially vulnerable web application/i,
    family: 'web-attack',
    why: 'classtype web-application-activity (probing a web application)',
  },
  {
    field: 'classification',
    pattern: /recon|information leak|network scan/i,
    family: 'port-scan',
    why: 'classtype attempted-recon',
  },
  {
    field: 'classification',
    pattern: /denial of service|attempted-dos|successful-dos/i,
    family: 'dos',
    why: 'classtype attempted-dos',
  },
  {
    field: 'classification',
    pattern: /trojan|malware|command and control|\bcnc\b/i,
    family: 'botnet',
    why: 'classtype trojan-activity',
  },
  {
    field: 'classification',
    pattern: /privilege gain|attempted-admin|attempted-user|successful-admin|successful-user/i,
    family: 'exploit',
    why: 'classtype attempted-admin / attempted-user',
  },
];

/** The family of one alert: flow alerts by class, IDS alerts by the rule table, else 'other'. */
export function familyOf(a: IrAlert): AttackFamily {
  if (a.source === 'flow') {
    const f = FLOW_CLASS_FAMILIES[a.signature];
    if (f) return f;
  }
  for (const r of IDS_FAMILY_RULES) if (r.pattern.test(a[r.field])) return r.family;
  return 'other';
}

/**
 * Severity order used to name a multi-stage incident after its most serious stage (first = most
 * serious). Benign is never part of an attack incident.
 */
export const FAMILY_SEVERITY: readonly AttackFamily[] = [
  'exploit',
  'lateral-movement',
  'infiltration',
  'botnet',
  'heartbleed',
  'web-attack',
  'brute-force',
  'ddos',
  'dos',
  'port-scan',
  'other',
  'benign',
];
