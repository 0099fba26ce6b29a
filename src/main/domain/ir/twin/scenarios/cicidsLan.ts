/** CICIDS2017 scenarios on the workstations: the infiltration dropper and the Ares botnet. */
import { emit, k, need, oneOf, type ScenarioModel } from './model';
import { host, stages } from './build';
import { CNC, DC, dc, gateway, SYSTEM, WEB, web } from './cicidsNet';

const VISTA = '192.168.10.8';
const ATK_EXT = '205.174.165.73';
const vista = host(VISTA, 'win-vista', 'workstation', ['tcp/445 smb']);
const infOpening = [
  emit('Infiltration', 'trojan-activity', VISTA, ATK_EXT, 443, {
    priority: 1,
    rate: 2,
    until: [k.c2(ATK_EXT), k.isolate(VISTA), k.malware(VISTA), k.reimage(VISTA)],
  }),
];
const stopVista = [k.kill(VISTA), k.isolate(VISTA), k.malware(VISTA), k.reimage(VISTA)];
const infiltration: ScenarioModel = {
  spec: {
    id: 'cic-infiltration',
    title: 'Infiltration: a downloaded dropper on a workstation (Thursday afternoon)',
    family: 'infiltration',
    hosts: [host(ATK_EXT, 'attacker', 'attacker'), gateway, vista, dc, web],
    variants: [
      {
        id: 'inf-dropper',
        title: 'Dropper only',
        tactics: ['Initial Access', 'Execution', 'Command and Control'],
        description: 'A meterpreter dropper beacons out; nothing else is touched.',
      },
      {
        id: 'inf-scan-pivot',
        title: 'Dropper, internal scan and SMB pivot',
        tactics: ['Initial Access', 'Discovery', 'Lateral Movement', 'Credential Access'],
        description:
          'From the workstation the attacker scans the LAN and logs on to the DC with stolen credentials.',
      },
    ],
    trueVariant: 'inf-scan-pivot',
    system: SYSTEM,
  },
  accounts: [`administrator@${DC}`, `user@${VISTA}`],
  external: [ATK_EXT],
  variants: {
    'inf-dropper': {
      id: 'inf-dropper',
      requirements: stages({
        containment: [oneOf('beacon cut', [k.c2(ATK_EXT)], [k.isolate(VISTA)])],
        assessment: [need('workstation logs read', k.logs(VISTA))],
        preservation: [need('workstation memory', k.memory(VISTA))],
        eviction: [oneOf('dropper removed', [k.malware(VISTA)], [k.reimage(VISTA)])],
        hardening: [need('client patched', k.patch(`${VISTA}:445`))],
      }),
      emitters: infOpening,
      evidence: {
        [k.logs(VISTA)]:
          `Sysmon on ${VISTA}: infiltration.exe downloaded from Dropbox, beaconing to ${ATK_EXT}:443; no internal connections`,
        [k.logs(DC)]: `security log on ${DC}: no unusual logons`,
      },
    },
    'inf-scan-pivot': {
      id: 'inf-scan-pivot',
      requirements: stages({
        containment: [
          need('beacon cut', k.c2(ATK_EXT)),
          oneOf('attacker off the workstation', [k.kill(VISTA)], [k.isolate(VISTA)]),
        ],
        assessment: [
          need('workstation logs read', k.logs(VISTA)),
          need('DC logs read', k.logs(DC)),
        ],
        preservation: [need('workstation memory', k.memory(VISTA))],
        eviction: [
          need('workstation rebuilt (credentials were dumped as SYSTEM)', k.reimage(VISTA)),
          need('stolen admin password reset', k.rotate(`administrator@${DC}`)),
          need('DC sessions ended', k.kill(DC)),
        ],
        hardening: [
          need('LAN segmented (the pivot, not the client bug, is the lesson)', k.segment()),
        ],
      }),
      emitters: [
        ...infOpening,
        emit('PortScan', 'attempted-recon', VISTA, DC, null, {
          from: 1,
          rate: 3,
          until: stopVista,
        }),
        emit('PortScan', 'attempted-recon', VISTA, WEB, null, {
          from: 1,
          rate: 3,
          until: stopVista,
        }),
        emit('SMB logon from workstation', 'attempted-admin', VISTA, DC, 445, {
          from: 3,
          rate: 2,
          priority: 1,
          until: [...stopVista, k.rotate(`administrator@${DC}`)],
        }),
      ],
      evidence: {
        [k.logs(VISTA)]:
          `Sysmon on ${VISTA}: infiltration.exe from Dropbox beaconing to ${ATK_EXT}:443, then connections to every port of 192.168.10.0/24 and an SMB logon to ${DC} as administrator`,
        [k.logs(DC)]: `security log on ${DC}: logon type 3 as administrator from ${VISTA}`,
      },
    },
  },
};

const BOTS = ['192.168.10.5', '192.168.10.8', '192.168.10.9', '192.168.10.14'];
const beacon = (ip: string, from: number) =>
  emit('Bot', 'trojan-activity', ip, CNC, 8080, {
    from,
    rate: 2,
    until: [k.malware(ip), k.reimage(ip), k.isolate(ip)],
  });
/** Two bots came in by separate downloads (egress filtering fixes it); four spread over SMB (patch SMB). */
const botReqs = (bots: string[]) =>
  stages({
    containment: [need('C2 blocked', k.c2(CNC))],
    assessment: bots.map((b) => need(`logs of bot ${b}`, k.logs(b))),
    preservation: [need('a bot sample', k.memory(BOTS[0]!))],
    eviction: bots.map((b) => oneOf(`Ares removed from ${b}`, [k.malware(b)], [k.reimage(b)])),
    hardening:
      bots.length > 2
        ? bots.slice(1).map((b) => need(`SMB patched on ${b}`, k.patch(`${b}:445`)))
        : [need('egress filtering', k.segment())],
  });
const botnet: ScenarioModel = {
  spec: {
    id: 'cic-botnet',
    title: 'Ares botnet on the workstations (Friday morning)',
    family: 'botnet',
    hosts: [
      host(CNC, 'c2', 'c2'),
      gateway,
      dc,
      ...['192.168.10.5', '192.168.10.8', '192.168.10.9', '192.168.10.14', '192.168.10.15'].map(
        (ip) => host(ip, `ws-${ip.split('.')[3]}`, 'workstation', ['tcp/445 smb']),
      ),
    ],
    variants: [
      {
        id: 'bot-two',
        title: 'Two bots',
        tactics: ['Command and Control'],
        description: 'Ares on .5 and .8.',
      },
      {
        id: 'bot-four',
        title: 'Four bots',
        tactics: ['Command and Control', 'Lateral Movement'],
        description: 'Ares on .5 and .8, spread to .9 and .14 (quiet at first).',
      },
    ],
    trueVariant: 'bot-four',
    system: SYSTEM,
  },
  accounts: [],
  external: [CNC],
  variants: {
    'bot-two': {
      id: 'bot-two',
      requirements: botReqs(BOTS.slice(0, 2)),
      emitters: BOTS.slice(0, 2).map((b) => beacon(b, 0)),
      evidence: {
        [k.logs(BOTS[0]!)]:
          `process log on ${BOTS[0]}: ares agent registered as bot 1 of 2 with ${CNC}:8080`,
      },
    },
    'bot-four': {
      id: 'bot-four',
      requirements: botReqs(BOTS),
      emitters: [
        ...BOTS.slice(0, 2).map((b) => beacon(b, 0)),
        ...BOTS.slice(2).map((b) => beacon(b, 1)),
      ],
      evidence: {
        [k.logs(BOTS[0]!)]:
          `process log on ${BOTS[0]}: ares agent registered as bot 1 of 4 with ${CNC}:8080`,
        [k.logs(BOTS[1]!)]:
          `process log on ${BOTS[1]}: ares agent pushed to ${BOTS[2]} and ${BOTS[3]} over SMB`,
      },
    },
  },
};

/** The workstation-side CICIDS2017 scenarios. */
export const CICIDS_LAN_SCENARIOS: readonly ScenarioModel[] = [infiltration, botnet];
