/**
 * The three incidents of the ESORICS 2026 testbed (shared/data/incidents/esorics26): a client
 * network 10.0.1.0/24 and a server network 10.0.2.0/24 joined by a gateway running Snort. Encoded
 * here as data so the product does not need the shared folder at run time.
 */
import { emit, k, need, oneOf, type Emitter, type Requirement, type ScenarioModel } from './model';
import { host, stages } from './build';

const ATK = '10.0.1.11';
const GW = '10.0.2.10';
const SSH = '10.0.2.11';
const SMB = '10.0.2.12';
const SHOCK = '10.0.2.13';
const WEB1 = '10.0.2.14';
const WEB2 = '10.0.2.15';

const HOSTS = [
  host(ATK, 'client', 'attacker'),
  host(GW, 'gateway', 'gateway'),
  host(SSH, 'server_ssh', 'server', ['tcp/22 ssh'], true),
  host(SMB, 'server_samba', 'server', ['tcp/139 netbios', 'tcp/445 smb'], true),
  host(SHOCK, 'server_shellshock', 'server', ['tcp/80 http'], true),
  host(WEB1, 'server_web1', 'server', ['tcp/80 http', 'tcp/22 ssh', 'tcp/8080 upload'], true),
  host(WEB2, 'server_web2', 'server', ['tcp/80 http', 'tcp/22 ssh', 'tcp/8081 diag'], true),
];
const SYSTEM =
  'A Dockerized testbed with a client network (10.0.1.0/24) and a server network (10.0.2.0/24) joined ' +
  'by a gateway (10.0.1.10 / 10.0.2.10) that routes, filters with iptables and runs Snort. The client ' +
  '10.0.1.11 has nmap, hydra, curl, smbclient and sshpass. Servers: server_ssh 10.0.2.11 (OpenSSH 22), ' +
  'server_samba 10.0.2.12 (Samba 139/445), server_shellshock 10.0.2.13 (Apache CGI on 80), server_web1 ' +
  '10.0.2.14 (Nginx 80, SSH 22, an /upload service on 8080 whose files are served under /uploads/), ' +
  'server_web2 10.0.2.15 (Nginx 80, SSH 22, a /diag?target= service on 8081). Snort runs the ' +
  "testbed's seven local rules (ICMP, SSH brute force and connections, SMB to 10.0.2.12, Shellshock, " +
  'HTTP on port 80); unlike the testbed, the twin assumes a sensor on the server network too, so ' +
  'server-to-server traffic from a pivot raises the same rules.';
const ACCOUNTS = [`admin@${SSH}`, `www-data@${SHOCK}`, `admin@${WEB1}`, `root@${WEB2}`];

const icmp = (dst: string) =>
  emit('ICMP traffic detected', 'Attempted Information Leak', ATK, dst, null, {
    proto: 'ICMP',
    rate: 1,
  });
const http = (src: string, dst: string, port = 80, o: Partial<Emitter> = {}) =>
  emit('HTTP traffic detected', 'Web Application Activity', src, dst, port, { rate: 2, ...o });
const smb = (src: string, o: Partial<Emitter> = {}) =>
  emit('SMB traffic to Samba server', 'Generic Protocol Command Decode', src, SMB, 445, {
    priority: 3,
    rate: 2,
    ...o,
  });
const shellshock = (src: string, o: Partial<Emitter> = {}) =>
  emit('Shellshock attack attempt', 'Web Application Attack', src, SHOCK, 80, {
    priority: 1,
    rate: 1,
    ...o,
  });
const sshBrute = emit(
  'Potential SSH brute force attack',
  'Attempted Administrator Privilege Gain',
  ATK,
  SSH,
  22,
  { priority: 1, rate: 2 },
);
const sshConn = (dst: string, src = ATK, o: Partial<Emitter> = {}) =>
  emit('SSH connection attempt', 'Attempted User Privilege Gain', src, dst, 22, {
    priority: 1,
    rate: 1,
    ...o,
  });
/** What stops a pivot host's lateral traffic. */
const stopPivot = (ip: string) => [k.kill(ip), k.isolate(ip), k.reimage(ip), k.malware(ip)];

const blockAttacker = need('client blocked at the gateway', k.block(ATK));
const logsOf = (ips: string[]): Requirement[] => ips.map((ip) => need(`logs of ${ip}`, k.logs(ip)));
const pcapGw = need('gateway capture', k.pcap(GW));

const threeServers: ScenarioModel = {
  spec: {
    id: 'esorics-three-servers',
    title: 'Multi-stage intrusion with an SSH pivot (incident.txt)',
    family: 'lateral-movement',
    hosts: HOSTS,
    variants: [
      {
        id: 'direct-only',
        title: 'Direct attacks, failed SSH guessing',
        tactics: ['Reconnaissance', 'Initial Access', 'Execution', 'Collection'],
        description:
          'Recon, SMB write and Shellshock from the client; the SSH password guessing never succeeded.',
      },
      {
        id: 'ssh-pivot',
        title: 'SSH login as admin and a pivot from server_ssh',
        tactics: [
          'Reconnaissance',
          'Initial Access',
          'Credential Access',
          'Execution',
          'Lateral Movement',
          'Collection',
        ],
        description:
          'Hydra found admin/password123 on 10.0.2.11; from there the attacker reached 10.0.2.12 and 10.0.2.13.',
      },
    ],
    trueVariant: 'ssh-pivot',
    system: SYSTEM,
  },
  accounts: ACCOUNTS,
  external: [],
  variants: {
    'direct-only': {
      id: 'direct-only',
      requirements: stages({
        containment: [blockAttacker],
        assessment: logsOf([SSH, SMB, SHOCK]),
        preservation: [pcapGw],
        hardening: [
          need('SSH lock-out', k.password(`${SSH}:22`)),
          need('Samba guest write off', k.harden(`${SMB}:445`)),
          need('bash patched', k.patch(`${SHOCK}:80`)),
        ],
        restoration: [need('share restored', k.backup(SMB))],
      }),
      emitters: openingThree(),
      evidence: {
        [k.logs(SSH)]:
          `auth.log on ${SSH}: dozens of failed passwords for admin from ${ATK}; no accepted login`,
        [k.logs(SMB)]:
          `smbd log on ${SMB}: guest upload of evil_payload.txt to //${SMB}/share from ${ATK}`,
        [k.logs(SHOCK)]:
          `access.log on ${SHOCK}: "() {" User-Agent to /cgi-bin/vulnerable from ${ATK}, running id and cat /etc/passwd as www-data`,
      },
    },
    'ssh-pivot': {
      id: 'ssh-pivot',
      requirements: stages({
        containment: [
          blockAttacker,
          oneOf('admin session on server_ssh ended', [k.kill(SSH)], [k.isolate(SSH)]),
        ],
        assessment: logsOf([SSH, SMB, SHOCK]),
        preservation: [pcapGw, need('memory of the pivot', k.memory(SSH))],
        eviction: [need('admin password reset', k.rotate(`admin@${SSH}`))],
        hardening: [
          need('MFA on SSH (a valid account was abused)', k.mfa(`${SSH}:22`)),
          need('Samba guest write off', k.harden(`${SMB}:445`)),
          need('bash patched', k.patch(`${SHOCK}:80`)),
        ],
        restoration: [need('share restored', k.backup(SMB))],
      }),
      emitters: [
        ...openingThree(),
        emit('ICMP traffic detected', 'Attempted Information Leak', SSH, SMB, null, {
          proto: 'ICMP',
          from: 1,
          rate: 1,
          until: stopPivot(SSH),
        }),
        shellshock(SSH, { from: 2, until: stopPivot(SSH) }),
      ],
      evidence: {
        [k.logs(SSH)]:
          `auth.log on ${SSH}: "Accepted password for admin from ${ATK}"; the admin session ran ping ${SMB} and curl http://${SHOCK}/cgi-bin/vulnerable`,
        [k.logs(SMB)]:
          `smbd log on ${SMB}: guest upload of evil_payload.txt from ${ATK}; ICMP from ${SSH}`,
        [k.logs(SHOCK)]:
          `access.log on ${SHOCK}: "() {" User-Agent from ${ATK}, and a request to /cgi-bin/vulnerable from ${SSH}`,
        [k.memory(SSH)]:
          `memory of ${SSH}: an sshd session for admin with /tmp/lateral_shellshock_probe.html open`,
      },
    },
  },
};

function openingThree(): Emitter[] {
  return [
    ...[SSH, SMB, SHOCK, WEB1, WEB2].map(icmp),
    sshBrute,
    sshConn(SSH),
    smb(ATK),
    shellshock(ATK),
    http(ATK, WEB1),
    http(ATK, WEB2),
  ];
}

/** Requirements shared by both variants of the four-server incident, plus the pivot's own. */
function fourServerReqs(pivot: string): ReturnType<typeof stages> {
  return stages({
    containment: [
      blockAttacker,
      need('admin session on server_ssh ended', k.kill(SSH)),
      need(`attacker off ${pivot}`, k.kill(pivot)),
    ],
    assessment: logsOf([SSH, SMB, SHOCK, WEB1]),
    preservation: [pcapGw, need('memory of the pivot', k.memory(pivot))],
    eviction: [
      need('admin password reset', k.rotate(`admin@${SSH}`)),
      need('uploaded file removed', k.malware(WEB1)),
      oneOf(`implant removed from ${pivot}`, [k.malware(pivot)], [k.reimage(pivot)]),
    ],
    hardening: [
      need('SSH lock-out', k.password(`${SSH}:22`)),
      need('Samba guest write off', k.harden(`${SMB}:445`)),
      need('bash patched', k.patch(`${SHOCK}:80`)),
      need('upload service restricted', k.harden(`${WEB1}:8080`)),
    ],
    restoration: [
      need('share restored', k.backup(SMB)),
      need('web1 uploads restored', k.backup(WEB1)),
    ],
  });
}

function openingFour(): Emitter[] {
  return [sshConn(SSH), sshBrute, smb(ATK), shellshock(ATK), http(ATK, SHOCK), http(ATK, WEB1)];
}

/** Lateral probes from a pivot to the other servers (seen by the twin's server-network sensor). */
function probesFrom(pivot: string, from: number): Emitter[] {
  const until = stopPivot(pivot);
  const out: Emitter[] = [];
  if (pivot !== SSH) out.push(sshConn(SSH, pivot, { from, until }));
  if (pivot !== SMB) out.push(smb(pivot, { from, until }));
  if (pivot !== WEB1) out.push(http(pivot, WEB1, 80, { from: from + 1, until }));
  return out;
}

const fourServers: ScenarioModel = {
  spec: {
    id: 'esorics-four-servers',
    title:
      'Four servers, diverse techniques, a Shellshock pivot (incident_four_servers_diverse.txt)',
    family: 'lateral-movement',
    hosts: HOSTS,
    variants: [
      {
        id: 'ssh-pivot',
        title: 'Pivot from server_ssh',
        tactics: ['Initial Access', 'Execution', 'Lateral Movement', 'Persistence', 'Collection'],
        description:
          'The guessed admin password on 10.0.2.11 is the beach-head for internal probing.',
      },
      {
        id: 'shellshock-pivot',
        title: 'Pivot from server_shellshock',
        tactics: [
          'Initial Access',
          'Execution',
          'Lateral Movement',
          'Persistence',
          'Collection',
          'Command and Control',
        ],
        description:
          'Shellshock on 10.0.2.13 gives a www-data shell that probes the other servers.',
      },
    ],
    trueVariant: 'shellshock-pivot',
    system: SYSTEM,
  },
  accounts: ACCOUNTS,
  external: [],
  variants: {
    'ssh-pivot': {
      id: 'ssh-pivot',
      requirements: fourServerReqs(SSH),
      emitters: [...openingFour(), ...probesFrom(SSH, 2)],
      evidence: {
        [k.logs(SSH)]:
          `auth.log on ${SSH}: admin logged in with password123; the session ran nc -z against ${SMB}:445, ${SHOCK}:80 and ${WEB1}:80`,
        [k.logs(SHOCK)]:
          `access.log on ${SHOCK}: a Shellshock User-Agent ran id and wrote /tmp/observed_shellshock_4server.txt; no outbound connections`,
      },
    },
    'shellshock-pivot': {
      id: 'shellshock-pivot',
      requirements: fourServerReqs(SHOCK),
      emitters: [...openingFour(), ...probesFrom(SHOCK, 2)],
      evidence: {
        [k.logs(SSH)]:
          `auth.log on ${SSH}: admin logged in with password123 and wrote /tmp/observed_ssh_session_4server.txt; no outbound connections`,
        [k.logs(SHOCK)]:
          `access.log on ${SHOCK}: a Shellshock User-Agent ran commands as www-data; then TCP probes from ${SHOCK} to ${SSH}:22, ${SMB}:445 and ${WEB1}:80/8080 (pivot_source=${SHOCK})`,
        [k.memory(SHOCK)]:
          `memory of ${SHOCK}: a www-data bash spawned by the CGI, running probe loops`,
      },
    },
  },
};

/** Requirements of the five-server incident with the pivot's own (root on web2 needs a rebuild). */
function fiveServerReqs(pivot: string): ReturnType<typeof stages> {
  const evictPivot =
    pivot === WEB2
      ? need('web2 rebuilt (root compromise)', k.reimage(WEB2))
      : oneOf(`implant removed from ${pivot}`, [k.malware(pivot)], [k.reimage(pivot)]);
  return stages({
    containment: [
      blockAttacker,
      need('admin session on server_ssh ended', k.kill(SSH)),
      need(`attacker off ${pivot}`, k.kill(pivot)),
    ],
    assessment: logsOf([SSH, SMB, SHOCK, WEB1, WEB2]),
    preservation: [pcapGw, need('memory of the pivot', k.memory(pivot))],
    eviction: [need('admin password reset', k.rotate(`admin@${SSH}`)), evictPivot],
    hardening: [
      need('SSH lock-out', k.password(`${SSH}:22`)),
      need('Samba guest write off', k.harden(`${SMB}:445`)),
      need('bash patched', k.patch(`${SHOCK}:80`)),
      need('upload service restricted', k.harden(`${WEB1}:8080`)),
      need('diag injection fixed', k.patch(`${WEB2}:8081`)),
    ],
    restoration: [
      need('share restored', k.backup(SMB)),
      need('web1 uploads restored', k.backup(WEB1)),
    ],
  });
}

function openingFive(): Emitter[] {
  return [
    sshConn(SSH),
    smb(ATK),
    shellshock(ATK),
    http(ATK, SHOCK),
    http(ATK, WEB1),
    http(ATK, WEB2),
  ];
}

const fiveServers: ScenarioModel = {
  spec: {
    id: 'esorics-five-servers',
    title: 'Five servers, diverse techniques, a pivot from web2 (incident_5_servers_diverse.txt)',
    family: 'lateral-movement',
    hosts: HOSTS,
    variants: [
      {
        id: 'shellshock-pivot',
        title: 'Pivot from server_shellshock',
        tactics: ['Initial Access', 'Execution', 'Lateral Movement', 'Persistence', 'Collection'],
        description: 'A www-data shell on 10.0.2.13 probes the other servers.',
      },
      {
        id: 'diag-pivot',
        title: 'Pivot from server_web2 as root',
        tactics: [
          'Initial Access',
          'Execution',
          'Privilege Escalation',
          'Lateral Movement',
          'Persistence',
          'Command and Control',
        ],
        description:
          'Command injection in /diag runs as root on 10.0.2.15, which then probes every server.',
      },
    ],
    trueVariant: 'diag-pivot',
    system: SYSTEM,
  },
  accounts: ACCOUNTS,
  external: [],
  variants: {
    'shellshock-pivot': {
      id: 'shellshock-pivot',
      requirements: fiveServerReqs(SHOCK),
      emitters: [...openingFive(), ...probesFrom(SHOCK, 2)],
      evidence: {
        [k.logs(SHOCK)]:
          `access.log on ${SHOCK}: Shellshock ran as www-data; then TCP probes from ${SHOCK} to the other servers`,
        [k.logs(WEB2)]:
          `diag service log on ${WEB2}: an injected command wrote a marker file; no outbound connections`,
      },
    },
    'diag-pivot': {
      id: 'diag-pivot',
      requirements: fiveServerReqs(WEB2),
      emitters: [...openingFive(), ...probesFrom(WEB2, 2)],
      evidence: {
        [k.logs(SHOCK)]:
          `access.log on ${SHOCK}: Shellshock ran id as www-data and wrote a marker file; no outbound connections`,
        [k.logs(WEB2)]:
          `diag service log on ${WEB2}: target=;id returned uid=0(root); then TCP checks from ${WEB2} to ${SSH}:22, ${SMB}:445, ${SHOCK}:80 and ${WEB1}:8080`,
        [k.memory(WEB2)]:
          `memory of ${WEB2}: a root shell under the diag service running a probe loop`,
      },
    },
  },
};

/** The three ESORICS testbed incidents. */
export const ESORICS_SCENARIOS: readonly ScenarioModel[] = [threeServers, fourServers, fiveServers];
