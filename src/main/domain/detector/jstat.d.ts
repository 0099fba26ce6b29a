// jstat ships no types; only the Beta quantile function is used. Its CommonJS export is the
// jStat object itself, so it is the default import under Node ESM.
declare module 'jstat' {
  interface JStat {
    beta: { inv(p: number, alpha: number, beta: number): number };
  }
  const jStat: JStat;
  export default jStat;
}
