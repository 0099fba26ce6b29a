/** Helpers that keep scenario data short: stage tables with empty defaults and service lists. */
import type { Stage, TwinHost } from '../../core/types';
import type { Requirement } from './model';

/** A stage table where unspecified stages have no requirement (they latch at once). */
export function stages(r: Partial<Record<Stage, Requirement[]>>): Record<Stage, Requirement[]> {
  return {
    containment: r.containment ?? [],
    assessment: r.assessment ?? [],
    preservation: r.preservation ?? [],
    eviction: r.eviction ?? [],
    hardening: r.hardening ?? [],
    restoration: r.restoration ?? [],
  };
}

/** A host. */
export function host(
  ip: string,
  name: string,
  role: TwinHost['role'],
  services: string[] = [],
  critical = false,
): TwinHost {
  return { ip, name, role, services, critical };
}
