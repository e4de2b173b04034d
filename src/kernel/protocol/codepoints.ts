/**
 * Jupyter counts cursor positions in Unicode code points (protocol 5.2+); JavaScript strings index
 * UTF-16 code units. These convert between the two for one string (clamped to its ends).
 */

/** UTF-16 index of code point `cp` in `text`. */
export function codePointToUtf16(text: string, cp: number): number {
  let units = 0;
  for (let seen = 0; seen < cp && units < text.length; seen++) {
    const c = text.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < text.length ? 2 : 1;
  }
  return units;
}

/** Code point index of UTF-16 index `unit` in `text`. */
export function utf16ToCodePoint(text: string, unit: number): number {
  let cps = 0;
  for (let i = 0; i < unit && i < text.length; cps++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return cps;
}
