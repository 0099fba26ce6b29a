/** The compute backend in a few words, e.g. "wasm — tfjs-node not installed". */

/** Name and a short why from TrainingStatus.backend / backendReason (the full reason is the tooltip). */
export function backendText(
  backend: string | null,
  reason: string | null,
): { name: string; why: string } {
  if (!reason) return { name: backend ?? '–', why: 'chosen when training starts' };
  if (!backend) return { name: 'none', why: reason.replace(/^none:\s*/, '') };
  if (/\(first choice\)/.test(reason)) return { name: backend, why: 'the fastest available' };
  if (backend === 'fused-wasm-simd')
    return { name: backend, why: 'fused learner (WebAssembly SIMD); tfjs-node-gpu did not load' };
  if (backend === 'fused-js')
    return { name: backend, why: 'fused learner (JavaScript kernels: no WebAssembly SIMD)' };
  const missing = [...reason.matchAll(/Cannot find (?:package|module) '(@tensorflow\/[\w-]+)'/g)]
    .map((m) => m[1]!.replace('@tensorflow/', ''))
    .filter((p, i, all) => all.indexOf(p) === i);
  if (missing.length > 0) return { name: backend, why: `${missing.join(', ')} not installed` };
  return { name: backend, why: 'the faster backends failed to start' };
}
