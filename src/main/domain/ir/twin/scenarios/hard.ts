/**
 * The hard scenarios: written after the twin-planner, to test it rather than to fit it. In each,
 * every variant opens with the same alerts; the first evidence any plan needs separates only some
 * of the variants (two print the same text); the telling evidence is missed 40% of the time; the
 * alerts that would give a variant away start late and are rare; and the variants' optimal plans
 * share at most one action, so an agent that acts on its first guess pays for it.
 */
import { emit, k, need, oneOf, type ScenarioModel } from './model';
import { host, stages } from './build';
import { ATK, attacker, DC, dc, failedAttempt, gateway, GW, SYSTEM, WEB, web } from './cicidsNet';

/** Chance that telling evidence is missed in the hard scenarios (0.25 elsewhere). */
const HARD_NOISE = 0.4;
/** A second external address the webshell calls back to. */
const CB = '205.174.165.80';
/** A C2 address outside the CICIDS ranges (TEST-NET-2). */
const C2 = '198.51.100.23';
const WS = '192.168.10.9';

const webOpening = [
  emit('Web Attack - Brute Force', 'web-application-attack', ATK, WEB, 80, { rate: 2 }),
  emit('Web Attack - XSS', 'web-application-attack', ATK, WEB, 80, { rate: 1 }),
];
const authedAdmin =
  `access.log on ${WEB}: /login brute force and script tags in /search from ${ATK}, ` +
  `then requests under an authenticated admin session from ${ATK}`;

const webFoothold: ScenarioModel = {
  spec: {
    id: 'hard-web-foothold',
    title: 'Hard: web brute force and XSS, outcome unknown (Thursday morning, harder twin)',
    family: 'web-attack',
    hosts: [attacker, gateway, web, dc],
    variants: [
      {
        id: 'wf-failed',
        title: 'Nothing got in',
        tactics: ['Reconnaissance', 'Credential Access'],
        description: 'Every login attempt and script injection failed.',
      },
      {
        id: 'wf-webshell',
        title: 'Admin login, then a webshell that calls out',
        tactics: ['Initial Access', 'Persistence', 'Command and Control'],
        description: `An admin login let the attacker upload a PHP webshell that calls back to ${CB}.`,
      },
      {
        id: 'wf-session',
        title: 'Admin session stolen by XSS',
        tactics: ['Credential Access', 'Defense Evasion'],
        description: "The XSS stole the admin's session cookie; the attacker acts as the admin.",
      },
    ],
    trueVariant: 'wf-session',
    system: SYSTEM,
  },
  accounts: [`admin@${WEB}`, `administrator@${DC}`],
  external: [ATK, CB],
  evidenceNoise: HARD_NOISE,
  variants: {
    'wf-failed': {
      id: 'wf-failed',
      requirements: failedAttempt(WEB, 'web logs read', [
        need('WAF rule for /login and /search', k.waf(`${WEB}:80`)),
      ]),
      emitters: webOpening,
      evidence: {
        [k.logs(WEB)]:
          `access.log on ${WEB}: /login brute force and script tags in /search from ${ATK}, ` +
          'every attempt answered with the login page or 4xx',
      },
    },
    'wf-webshell': {
      id: 'wf-webshell',
      requirements: stages({
        containment: [oneOf('callback cut', [k.c2(CB)], [k.isolate(WEB)])],
        assessment: [need('web logs read', k.logs(WEB)), need('web server scanned', k.scan(WEB))],
        preservation: [need('disk image with the webshell', k.disk(WEB))],
        eviction: [oneOf('webshell removed', [k.malware(WEB)], [k.reimage(WEB)])],
        hardening: [need('upload handler patched', k.patch(`${WEB}:80`))],
      }),
      emitters: [
        ...webOpening,
        emit('Suspicious outbound connection', 'trojan-activity', WEB, CB, 443, {
          from: 2,
          rate: 0.5,
          priority: 1,
          until: [k.c2(CB), k.malware(WEB), k.reimage(WEB)],
        }),
      ],
      evidence: {
        [k.logs(WEB)]: authedAdmin,
        [k.scan(WEB)]: `scan of ${WEB}: PHP webshell /var/www/uploads/img.php`,
        [k.pcap(GW)]:
          `capture at ${GW}: POSTs with base64 commands to /uploads/img.php; ${WEB} connects out to ${CB}:443`,
        [k.memory(WEB)]: `collect-memory ${WEB}: php-fpm worker spawning /bin/sh`,
      },
    },
    'wf-session': {
      id: 'wf-session',
      requirements: stages({
        containment: [
          need('attacker blocked', k.block(ATK)),
          need('admin sessions ended', k.kill(WEB)),
        ],
        assessment: [need('web logs read', k.logs(WEB))],
        preservation: [need('gateway capture', k.pcap(GW))],
        eviction: [need('admin credentials rotated', k.rotate(`admin@${WEB}`))],
        hardening: [need('MFA on the admin login', k.mfa(`${WEB}:80`))],
      }),
      emitters: webOpening,
      evidence: {
        [k.logs(WEB)]: authedAdmin,
        [k.pcap(GW)]:
          `capture at ${GW}: the admin's session cookie replayed from ${ATK}; no uploads`,
      },
    },
  },
};

const sshOpening = [emit('SSH-Patator', 'attempted-admin', ATK, WEB, 22, { rate: 3, priority: 1 })];
const accepted = `auth.log on ${WEB}: accepted password for ubuntu from ${ATK} after 3,900 failures; a 35-minute session`;

const sshCredential: ScenarioModel = {
  spec: {
    id: 'hard-ssh-credential',
    title: 'Hard: SSH brute force, success and password reuse unknown (Tuesday, harder twin)',
    family: 'brute-force',
    hosts: [attacker, gateway, web, dc],
    variants: [
      {
        id: 'sc-failed',
        title: 'Guessing failed',
        tactics: ['Credential Access'],
        description: 'Patator never found a password.',
      },
      {
        id: 'sc-user',
        title: 'ubuntu logged in and left an SSH key',
        tactics: ['Credential Access', 'Initial Access', 'Persistence'],
        description: 'The ubuntu password was found; the attacker added a key to authorized_keys.',
      },
      {
        id: 'sc-reuse',
        title: 'ubuntu logged in; the same password opened the DC',
        tactics: ['Credential Access', 'Initial Access', 'Lateral Movement'],
        description:
          'The ubuntu password was also the domain administrator password; the attacker logged on to the DC from the web server.',
      },
    ],
    trueVariant: 'sc-user',
    system: SYSTEM,
  },
  accounts: [`ubuntu@${WEB}`, `administrator@${DC}`],
  external: [ATK],
  evidenceNoise: HARD_NOISE,
  variants: {
    'sc-failed': {
      id: 'sc-failed',
      requirements: failedAttempt(WEB, 'web server auth log read', [
        need('SSH lock-out policy', k.password(`${WEB}:22`)),
      ]),
      emitters: sshOpening,
      evidence: {
        [k.logs(WEB)]:
          `auth.log on ${WEB}: 4,000 failed passwords for ubuntu from ${ATK}; no accepted login`,
      },
    },
    'sc-user': {
      id: 'sc-user',
      requirements: stages({
        containment: [
          need('attacker blocked', k.block(ATK)),
          need('SSH sessions ended', k.kill(WEB)),
        ],
        assessment: [need('web server auth log read', k.logs(WEB))],
        preservation: [need('web server memory', k.memory(WEB))],
        eviction: [
          need('ubuntu password rotated', k.rotate(`ubuntu@${WEB}`)),
          need('planted key removed', k.malware(WEB)),
        ],
        hardening: [need('MFA on SSH', k.mfa(`${WEB}:22`))],
      }),
      emitters: sshOpening,
      evidence: {
        [k.logs(WEB)]: accepted,
        [k.memory(WEB)]:
          `collect-memory ${WEB}: sshd session appended a key to ~ubuntu/.ssh/authorized_keys; no other tooling`,
      },
    },
    'sc-reuse': {
      id: 'sc-reuse',
      requirements: stages({
        containment: [
          need('attacker blocked', k.block(ATK)),
          need('SSH sessions ended', k.kill(WEB)),
          need('DC sessions ended', k.kill(DC)),
        ],
        assessment: [
          need('web server auth log read', k.logs(WEB)),
          need('DC security log read', k.logs(DC)),
        ],
        preservation: [need('web server memory', k.memory(WEB))],
        eviction: [
          need('ubuntu password rotated', k.rotate(`ubuntu@${WEB}`)),
          need('administrator password rotated', k.rotate(`administrator@${DC}`)),
        ],
        hardening: [need('MFA on SSH', k.mfa(`${WEB}:22`))],
      }),
      emitters: [
        ...sshOpening,
        emit('SMB logon from web server', 'attempted-admin', WEB, DC, 445, {
          from: 3,
          rate: 0.5,
          priority: 1,
          until: [k.kill(DC), k.rotate(`administrator@${DC}`)],
        }),
      ],
      evidence: {
        [k.logs(WEB)]: accepted,
        [k.logs(DC)]: `security log on ${DC}: administrator logon type 3 from ${WEB}`,
        [k.memory(WEB)]:
          `collect-memory ${WEB}: sshd session ran smbclient against ${DC} as administrator`,
      },
    },
  },
};

const beaconing = emit('Periodic beacon', 'trojan-activity', WS, C2, 443, {
  rate: 2,
  until: [k.c2(C2), k.isolate(WS), k.malware(WS), k.reimage(WS)],
});
const proxyLog = `proxy log of ${WS}: updater.exe contacts ${C2}:443 every 60 s since Monday`;

const beacon: ScenarioModel = {
  spec: {
    id: 'hard-beacon',
    title: 'Hard: a workstation beacons out; adware, Cobalt Strike or exfiltration (harder twin)',
    family: 'botnet',
    hosts: [
      host(C2, 'c2', 'c2'),
      gateway,
      dc,
      web,
      host(WS, 'ws-9', 'workstation', ['tcp/445 smb']),
    ],
    variants: [
      {
        id: 'bc-adware',
        title: 'Adware',
        tactics: ['Command and Control'],
        description: 'A bundled adware updater phones home; nothing else.',
      },
      {
        id: 'bc-cobalt',
        title: 'Cobalt Strike with credential theft',
        tactics: ['Command and Control', 'Credential Access', 'Lateral Movement'],
        description:
          'A Cobalt Strike beacon read LSASS and used the administrator hash against the DC.',
      },
      {
        id: 'bc-exfil',
        title: 'Data theft with rclone',
        tactics: ['Command and Control', 'Collection', 'Exfiltration'],
        description: "The user's account runs rclone uploading shares to the C2.",
      },
    ],
    trueVariant: 'bc-exfil',
    system: SYSTEM,
  },
  accounts: [`user@${WS}`, `administrator@${DC}`],
  external: [C2],
  evidenceNoise: HARD_NOISE,
  variants: {
    'bc-adware': {
      id: 'bc-adware',
      requirements: stages({
        containment: [need('C2 blocked', k.c2(C2))],
        assessment: [need('workstation logs read', k.logs(WS))],
        eviction: [need('adware removed', k.malware(WS))],
        hardening: [need('application allow-listing', k.harden(`${WS}:445`))],
      }),
      emitters: [beaconing],
      evidence: {
        [k.logs(WS)]: proxyLog,
        [k.memory(WS)]: `collect-memory ${WS}: adware toolbar injecting ads; no credential access`,
      },
    },
    'bc-cobalt': {
      id: 'bc-cobalt',
      requirements: stages({
        containment: [need('workstation isolated (the beacon rotates domains)', k.isolate(WS))],
        assessment: [need('workstation logs read', k.logs(WS)), need('DC logs read', k.logs(DC))],
        preservation: [need('workstation memory', k.memory(WS))],
        eviction: [
          need('workstation rebuilt', k.reimage(WS)),
          need('administrator password rotated', k.rotate(`administrator@${DC}`)),
        ],
        hardening: [need('LAN segmented', k.segment())],
        restoration: [need('workstation back on the network', `reconnect-host ${WS}`)],
      }),
      emitters: [
        beaconing,
        emit('PortScan', 'attempted-recon', WS, DC, null, {
          from: 2,
          rate: 0.5,
          until: [k.isolate(WS), k.reimage(WS)],
        }),
      ],
      evidence: {
        [k.logs(WS)]: proxyLog,
        [k.memory(WS)]: `collect-memory ${WS}: Cobalt Strike beacon; LSASS read; mimikatz strings`,
        [k.logs(DC)]: `security log on ${DC}: administrator pass-the-hash logon from ${WS}`,
      },
    },
    'bc-exfil': {
      id: 'bc-exfil',
      requirements: stages({
        containment: [need('C2 blocked', k.c2(C2)), need('rclone sessions ended', k.kill(WS))],
        assessment: [
          need('workstation logs read', k.logs(WS)),
          need('gateway capture', k.pcap(GW)),
        ],
        preservation: [need('workstation disk image', k.disk(WS))],
        eviction: [
          need('rclone removed', k.malware(WS)),
          need('user password rotated', k.rotate(`user@${WS}`)),
        ],
        hardening: [need('egress segmented', k.segment())],
      }),
      emitters: [beaconing],
      evidence: {
        [k.logs(WS)]: proxyLog,
        [k.pcap(GW)]: `capture at ${GW}: 4 GB uploaded from ${WS} to ${C2} over TLS`,
        [k.memory(WS)]: `collect-memory ${WS}: rclone with a config for ${C2}`,
      },
    },
  },
};

/** The hard scenarios, in report order. */
export const HARD_SCENARIOS: readonly ScenarioModel[] = [webFoothold, sshCredential, beacon];
