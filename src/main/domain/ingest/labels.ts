/** Label text clean-up, so that every spelling of a dataset label reaches the same class-map key. */

/**
 * Dash look-alikes found in CIC label columns: the UTF-8 mojibake of U+FFFD read as Latin-1
 * (`ï¿½`), U+FFFD itself (a cp1252 0x96 decoded as UTF-8), U+0096 (0x96 decoded as Latin-1), and
 * the en / em dashes the text was written with in the first place.
 */
const DASH_LIKE = /\s*(?:\u00ef\u00bf\u00bd|\ufffd|\u0096|\u2013|\u2014)\s*/g;

/**
 * Normalises a raw label: trims, collapses white space and turns the mangled en dash of the
 * CIC-IDS2017 web-attack labels into ` - `. Case is kept; class-map lookups ignore it.
 * `'Web Attack ï¿½ Brute Force'` → `'Web Attack - Brute Force'`.
 */
export function normaliseLabel(raw: string): string {
  return raw.replace(DASH_LIKE, ' - ').replace(/\s+/g, ' ').trim();
}

/** The case-insensitive lookup key of a normalised label. */
export function labelKey(normalised: string): string {
  return normalised.toLowerCase();
}

/** Suffix of the improved CICIDS2017 release's attempted-attack labels (`DoS Hulk - Attempted`). */
const ATTEMPTED = / - attempted$/i;

/** Whether a normalised label marks an attempted attack (improved CICIDS2017 release). */
export function isAttemptedLabel(normalised: string): boolean {
  return ATTEMPTED.test(normalised);
}
