// The forcing F of both Lorenz-96 models: one number for every site or one value per site.
import { checkFinite, checkFloat64 } from "../validate";

/** F as [K] (a copy), from one number, [K] values, or `fallback` when undefined. */
export function forcingArray(where: string, F: number | Float64Array | number[] | undefined, K: number, fallback: number): Float64Array {
  if (F === undefined) return new Float64Array(K).fill(fallback);
  if (typeof F === "number") return new Float64Array(K).fill(checkFinite(where, "forcing", F));
  const arr = Array.isArray(F) ? Float64Array.from(F) : F;
  checkFloat64(where, "forcing", arr, K, `[${K}]`);
  for (let k = 0; k < K; k++) checkFinite(where, `forcing[${k}]`, arr[k]);
  return arr.slice();
}
