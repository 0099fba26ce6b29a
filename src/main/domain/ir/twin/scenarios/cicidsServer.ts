/**
 * CICIDS2017 scenarios against the servers (victim network 192.168.10.0/24, attacks seen from
 * the NAT address 172.16.0.1). Each decoy starts with the same alerts as the true variant (the
 * detector's merged classes cannot tell them apart) and differs in what the attacker did.
 */
import { emit, k, need, oneOf, type ScenarioModel } from './model';
import { host, stages } from './build';
import { ATK, attacker, failedAttempt, gateway, GW, HB, SYSTEM, WEB, web } from './cicidsNet';

const bfOpening = [
  emit('SSH-Patator', 'attempted-admin', ATK, WEB, 22, { priority: 1, rate: 4 }),
  emit('FTP-Patator', 'attempted-admin', ATK, WEB, 21, { priority: 1, rate: 4 }),
];
const bruteForce: ScenarioModel = {
  spec: {
    id: 'cic-bruteforce',
    title: 'FTP/SSH password guessing against the web server (Tuesday)',
    family: 'brute-force',
    hosts: [attacker, gateway, web],
    variants: [
      {
        id: 'bf-failed',
        title: 'Brute force that failed',
        tactics: ['Credential Access'],
        description: 'Password guessing on FTP and SSH; no login succeeded.',
      },
      {
        id: 'bf-ssh-success',
        title: 'Brute force that got in over SSH',
        tactics: ['Credential Access', 'Initial Access', 'Persistence'],
        description:
          'A guessed SSH password for ubuntu; the attacker logged in and left a reverse shell.',
      },
    ],
    trueVariant: 'bf-ssh-success',
    system: SYSTEM,
  },
  accounts: [`ubuntu@${WEB}`, `ftpuser@${WEB}`],
  external: [ATK],
  variants: {
    'bf-failed': {
      id: 'bf-failed',
      requirements: failedAttempt(WEB, 'auth logs read', [
        need('SSH lock-out', k.password(`${WEB}:22`)),
        need('FTP lock-out', k.password(`${WEB}:21`)),
      ]),
      emitters: bfOpening,
      evidence: {
        [k.logs(WEB)]:
          `auth.log on ${WEB}: thousands of failed logins for ubuntu and ftpuser from ${ATK}; no successful login`,
        [k.memory(WEB)]: `memory of ${WEB}: no unexpected process`,
      },
    },
    'bf-ssh-success': {
      id: 'bf-ssh-success',
      requirements: stages({
        containment: [
          need('attacker blocked', k.block(ATK)),
          need('attacker sessions ended', k.kill(WEB)),
        ],
        assessment: [need('auth logs read', k.logs(WEB))],
        preservation: [need('memory of the victim', k.memory(WEB))],
        eviction: [
          need('ubuntu password reset', k.rotate(`ubuntu@${WEB}`)),
          oneOf('reverse shell removed', [k.malware(WEB)], [k.reimage(WEB)]),
        ],
        hardening: [
          need('SSH lock-out', k.password(`${WEB}:22`)),
          need('FTP lock-out', k.password(`${WEB}:21`)),
        ],
      }),
      emitters: [
        ...bfOpening,
        emit('Outbound shell to attacker', 'trojan-activity', WEB, ATK, 4444, {
          from: 2,
          rate: 2,
          priority: 1,
          until: [k.kill(WEB), k.malware(WEB), k.reimage(WEB)],
        }),
      ],
      evidence: {
        [k.logs(WEB)]:
          `auth.log on ${WEB}: failed logins from ${ATK}, then "Accepted password for ubuntu from ${ATK}"; a new crontab entry for ubuntu`,
        [k.memory(WEB)]:
          `memory of ${WEB}: a reverse shell owned by ubuntu connected to ${ATK}:4444`,
      },
    },
  },
};

const dosOpening = [emit('DoS', 'denial-of-service', ATK, WEB, 80, { priority: 2, rate: 6 })];
const dos: ScenarioModel = {
  spec: {
    id: 'cic-dos',
    title: 'Application-layer DoS on the web server (Wednesday)',
    family: 'dos',
    hosts: [attacker, gateway, web],
    variants: [
      {
        id: 'dos-slow',
        title: 'Slow DoS (slowloris / Slowhttptest)',
        tactics: ['Impact'],
        description: 'Connections held open with slow headers exhaust the worker pool.',
      },
      {
        id: 'dos-flood',
        title: 'HTTP flood (Hulk / GoldenEye)',
        tactics: ['Impact'],
        description: 'A flood of unique GET requests overloads the server.',
      },
    ],
    trueVariant: 'dos-slow',
    system: SYSTEM,
  },
  accounts: [],
  external: [ATK],
  variants: {
    'dos-slow': {
      id: 'dos-slow',
      requirements: stages({
        containment: [oneOf('attacker throttled', [k.rate(ATK)], [k.block(ATK)])],
        assessment: [need('web logs read', k.logs(WEB))],
        preservation: [need('traffic captured', k.pcap(GW))],
        hardening: [need('header timeouts', k.harden(`${WEB}:80`))],
        restoration: [need('web server restarted', `restart-service ${WEB}:80`)],
      }),
      emitters: dosOpening,
      evidence: {
        [k.logs(WEB)]:
          `error.log on ${WEB}: worker pool exhausted by hundreds of connections from ${ATK} sending partial headers`,
        [k.pcap(GW)]: `capture: many idle TCP connections from ${ATK}, a few bytes every 10 s`,
      },
    },
    'dos-flood': {
      id: 'dos-flood',
      requirements: stages({
        containment: [need('attacker blocked', k.block(ATK))],
        assessment: [need('web logs read', k.logs(WEB))],
        preservation: [need('traffic captured', k.pcap(GW))],
        hardening: [need('flood signature dropped', k.ips(`${WEB}:80`))],
        restoration: [need('web server restarted', `restart-service ${WEB}:80`)],
      }),
      emitters: dosOpening,
      evidence: {
        [k.logs(WEB)]:
          `access.log on ${WEB}: tens of thousands of GET requests with random query strings from ${ATK}`,
        [k.pcap(GW)]: `capture: a flood of short HTTP requests from ${ATK}`,
      },
    },
  },
};

const hbHost = host(HB, 'ubuntu-openssl', 'server', ['tcp/444 https'], true);
const hbOpening = [emit('Heartbleed', 'attempted-recon', ATK, HB, 444, { priority: 1, rate: 2 })];
const heartbleed: ScenarioModel = {
  spec: {
    id: 'cic-heartbleed',
    title: 'Heartbleed against the OpenSSL server (Wednesday)',
    family: 'heartbleed',
    hosts: [attacker, gateway, hbHost],
    variants: [
      {
        id: 'hb-probe',
        title: 'Heartbleed probe',
        tactics: ['Reconnaissance'],
        description: 'A few heartbeats checked the bug; nothing of value came back.',
      },
      {
        id: 'hb-key-leak',
        title: 'Heartbleed memory leak',
        tactics: ['Credential Access', 'Collection'],
        description: 'Repeated 64 KB heartbeats leaked the TLS key and admin session cookies.',
      },
    ],
    trueVariant: 'hb-key-leak',
    system: SYSTEM,
  },
  accounts: [`admin@${HB}`],
  external: [ATK],
  variants: {
    'hb-probe': {
      id: 'hb-probe',
      requirements: failedAttempt(HB, 'TLS logs read', [
        need('OpenSSL patched', k.patch(`${HB}:444`)),
      ]),
      emitters: hbOpening,
      evidence: {
        [k.logs(HB)]:
          `TLS log on ${HB}: three heartbeat requests from ${ATK}, answered with a few bytes`,
        [k.pcap(GW)]: `capture: three short heartbeat responses to ${ATK}`,
      },
    },
    'hb-key-leak': {
      id: 'hb-key-leak',
      requirements: stages({
        containment: [need('attacker blocked', k.block(ATK))],
        assessment: [need('TLS logs read', k.logs(HB))],
        preservation: [need('leaked heap preserved', k.memory(HB))],
        eviction: [
          need('key replaced', k.cert(`${HB}:444`)),
          need('admin sessions revoked', k.rotate(`admin@${HB}`)),
        ],
        hardening: [need('OpenSSL patched', k.patch(`${HB}:444`))],
      }),
      emitters: [
        ...hbOpening,
        emit('SSL large heartbeat response', 'successful-recon-largescale', HB, ATK, null, {
          from: 1,
          rate: 3,
          priority: 1,
          until: [k.block(ATK)],
        }),
      ],
      evidence: {
        [k.logs(HB)]:
          `TLS log on ${HB}: thousands of heartbeat requests from ${ATK} over 20 minutes`,
        [k.pcap(GW)]:
          `capture: 64 KB heartbeat responses to ${ATK} containing "BEGIN RSA PRIVATE KEY" and admin session cookies`,
        [k.memory(HB)]:
          `memory of ${HB}: the heap regions returned to ${ATK} held the TLS private key and admin session cookies`,
      },
    },
  },
};

const webOpening = [
  emit('Web Attack - SQL Injection', 'web-application-attack', ATK, WEB, 80, {
    priority: 1,
    rate: 2,
  }),
  emit('Web Attack - XSS', 'web-application-attack', ATK, WEB, 80, { priority: 1, rate: 2 }),
];
const webAttack: ScenarioModel = {
  spec: {
    id: 'cic-web',
    title: 'Web attacks on the DVWA site (Thursday morning)',
    family: 'web-attack',
    hosts: [attacker, gateway, web],
    variants: [
      {
        id: 'web-probe',
        title: 'SQL injection and XSS attempts',
        tactics: ['Initial Access'],
        description: 'Injection payloads that gained no foothold.',
      },
      {
        id: 'web-webshell',
        title: 'Web attack with a webshell',
        tactics: ['Initial Access', 'Persistence', 'Execution'],
        description:
          'An upload flaw planted shell.php; commands ran as www-data and the site was defaced.',
      },
    ],
    trueVariant: 'web-webshell',
    system: SYSTEM,
  },
  accounts: [`www-data@${WEB}`],
  external: [ATK],
  variants: {
    'web-probe': {
      id: 'web-probe',
      requirements: failedAttempt(WEB, 'web logs read', [
        need('input filtering', k.waf(`${WEB}:80`)),
      ]),
      emitters: webOpening,
      evidence: {
        [k.logs(WEB)]:
          `access.log on ${WEB}: SQL injection and XSS payloads from ${ATK}; no uploads, no 200s on new files`,
        [k.scan(WEB)]: `scan of ${WEB}: web root matches the package manifest`,
      },
    },
    'web-webshell': {
      id: 'web-webshell',
      requirements: stages({
        containment: [
          need('attacker blocked', k.block(ATK)),
          need('shell sessions ended', k.kill(WEB)),
        ],
        assessment: [need('web logs read', k.logs(WEB)), need('web root scanned', k.scan(WEB))],
        preservation: [oneOf('victim imaged', [k.memory(WEB)], [k.disk(WEB)])],
        eviction: [oneOf('webshell removed', [k.malware(WEB)], [k.reimage(WEB)])],
        hardening: [
          need('input filtering', k.waf(`${WEB}:80`)),
          need('upload flaw patched', k.patch(`${WEB}:80`)),
        ],
        restoration: [need('defaced pages restored', k.backup(WEB))],
      }),
      emitters: [
        ...webOpening,
        emit('Web shell command', 'web-application-attack', ATK, WEB, 80, {
          from: 1,
          rate: 2,
          priority: 1,
        }),
        emit('Outbound shell to attacker', 'trojan-activity', WEB, ATK, 4444, {
          from: 2,
          rate: 2,
          priority: 1,
          until: [k.kill(WEB), k.malware(WEB), k.reimage(WEB)],
        }),
      ],
      evidence: {
        [k.logs(WEB)]:
          `access.log on ${WEB}: POST /dvwa/vulnerabilities/upload/ shell.php, then GET /hackable/uploads/shell.php?cmd=id from ${ATK}`,
        [k.scan(WEB)]:
          `scan of ${WEB}: PHP webshell hackable/uploads/shell.php; index.php modified`,
      },
    },
  },
};

const portScan: ScenarioModel = {
  spec: {
    id: 'cic-portscan',
    title: 'Port scan of the web server (Friday afternoon)',
    family: 'port-scan',
    hosts: [attacker, gateway, web],
    variants: [
      {
        id: 'scan-only',
        title: 'Port scan',
        tactics: ['Reconnaissance'],
        description: 'nmap scans of every port; nothing exploited.',
      },
    ],
    trueVariant: 'scan-only',
    system: SYSTEM,
  },
  accounts: [],
  external: [ATK],
  variants: {
    'scan-only': {
      id: 'scan-only',
      requirements: stages({
        containment: [need('scanner blocked', k.block(ATK))],
        assessment: [need('scan sized', k.pcap(GW))],
        preservation: [need('traffic captured', k.pcap(GW))],
        hardening: [need('scan signature dropped', k.ips(`${WEB}:80`))],
      }),
      emitters: [emit('PortScan', 'attempted-recon', ATK, WEB, null, { rate: 8, priority: 3 })],
      evidence: {
        [k.pcap(GW)]: `capture: SYN scans of 1,000 ports of ${WEB} from ${ATK}; no follow-up`,
      },
    },
  },
};

const ddos: ScenarioModel = {
  spec: {
    id: 'cic-ddos',
    title: 'LOIC DDoS on the web server (Friday afternoon)',
    family: 'ddos',
    hosts: [attacker, gateway, web],
    variants: [
      {
        id: 'ddos-loic',
        title: 'LOIC HTTP flood',
        tactics: ['Impact'],
        description: 'Three Windows hosts flood the web server through the NAT.',
      },
    ],
    trueVariant: 'ddos-loic',
    system: SYSTEM,
  },
  accounts: [],
  external: [ATK],
  variants: {
    'ddos-loic': {
      id: 'ddos-loic',
      requirements: stages({
        containment: [oneOf('flood stopped', [k.block(ATK)], [k.rate(ATK)])],
        assessment: [need('flood sized', k.pcap(GW))],
        preservation: [need('traffic captured', k.pcap(GW))],
        hardening: [need('flood signature dropped', k.ips(`${WEB}:80`))],
        restoration: [need('web server restarted', `restart-service ${WEB}:80`)],
      }),
      emitters: [emit('DDoS', 'denial-of-service', ATK, WEB, 80, { rate: 8 })],
      evidence: { [k.pcap(GW)]: `capture: LOIC HTTP floods from three sources behind ${ATK}` },
    },
  },
};

/** The server-side CICIDS2017 scenarios. */
export const CICIDS_SERVER_SCENARIOS: readonly ScenarioModel[] = [
  bruteForce,
  dos,
  heartbleed,
  webAttack,
  portScan,
  ddos,
];
