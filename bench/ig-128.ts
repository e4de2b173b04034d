/**
 * Bench ig-128: integrated gradients (Sundararajan et al. 2017) with 128 steps of the trapezoid rule
 * ("riemann_trapezoid") on an SRCNN (nn.SRCNN defaults: 9×9 → 64, 1×1 → 32, 5×5 → 1, ReLU, zero
 * padding) for 2 fields 32×32×1, target the mean of the output over an 8×8 window, baseline 0,
 * internalBatchSize 64 (32 steps × 2 fields per forward/backward pass, 4 passes) — Kazami's
 * sensitivity.integratedGradients. Twin: bench/ig-128.py, the same batched path integral in PyTorch
 * as captum's IntegratedGradients computes it (captum is not packaged by Debian; the twin writes out
 * its algorithm: the steps of all samples stacked into batches, one autograd pass per batch).
 *
 * The twin reads this side's weights and inputs (out/bench/ig-128.shared.*, bench/lib/shared-arrays.ts);
 * both report the attribution sums, F(x) − F(0) and the completeness delta as cross-checks.
 * Run: bash bench/run.sh ig-128
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, initBackend, randomNormalTensor } from "../src/core";
import { SRCNN } from "../src/nn/srcnn";
import { integratedGradients } from "../src/sensitivity/integrated-gradients";
import { windowTarget } from "../src/sensitivity/local-attribution";
import { targetValues } from "../src/sensitivity/target";
import { emit, repeatsFromArgs, timeIt } from "./harness";
import { tensorArray, writeShared } from "./lib/shared-arrays";

const N = 2, H = 32, STEPS = 128, BATCH_ROWS = 64, WINDOW = { row: 12, col: 12, size: 8 };

async function main(): Promise<void> {
  const info = await initBackend();
  const net = new SRCNN({ channels: 1, seed: 7 });
  const x = randomNormalTensor([N, H, H, 1], new Rng(2025)) as tf.Tensor4D;
  const target = windowTarget(WINDOW.row, WINDOW.col, WINDOW.size, WINDOW.size);
  const f = (z: tf.Tensor) => net.apply(z);
  writeShared("ig-128", {
    x: tensorArray(x),
    ...Object.fromEntries(net.params.names().map((name) => [`param:${name}`, tensorArray(net.params.get(name))])),
  });
  const ig = () => integratedGradients(f, x, { nSteps: STEPS, method: "riemann_trapezoid", target, internalBatchSize: BATCH_ROWS });
  const first = ig();
  const sums = tf.tidy(() => Array.from(first.attributions.sum([1, 2, 3]).dataSync()));
  const delta = Array.from(first.delta);
  first.attributions.dispose();
  const fx = targetValues("ig-128", f, x, target), f0 = targetValues("ig-128", f, tf.zerosLike(x), target);
  const gap = Array.from(fx, (v, i) => v - f0[i]);
  const { ms, samplesMs } = await timeIt(() => ig().attributions.dispose(), { warmup: 1, repeats: repeatsFromArgs(5) });
  const relGap = Math.max(...delta.map((d, i) => Math.abs(d / gap[i])));
  if (!(relGap < 0.05)) throw new Error(`ig-128: completeness is off by ${relGap} of F(x) − F(0) (delta ${delta}, gap ${gap})`);
  const passes = Math.ceil(STEPS / Math.floor(BATCH_ROWS / N));
  emit(
    "ig-128",
    `Integrated gradients, ${STEPS} steps (trapezoid): SRCNN 9-1-5 (64, 32 ch), ${N} fields ${H}x${H}, 8x8 window target, ${BATCH_ROWS} rows per pass`,
    [{ label: `tfjs-${info.name} ${info.tfjsVersion}, sensitivity.integratedGradients`, ms, samplesMs, unit: "ms/attribution", passes, attributionSums: sums, delta, gap }],
    { backend: info, tensorsAlive: tf.memory().numTensors },
    {
      // float32 forward/backward on both sides: sums of 2048 attributions agree to ~1e-6
      ...Object.fromEntries(sums.map((s, i) => [`attributionSum${i}`, { value: s, rtol: 1e-4 }])),
      ...Object.fromEntries(gap.map((g, i) => [`fxMinusF0_${i}`, { value: g, rtol: 1e-4 }])),
      // the quadrature error itself: a small difference of float32 sums, so a looser tolerance
      ...Object.fromEntries(delta.map((d, i) => [`delta${i}`, { value: d, rtol: 5e-2, relativeToGap: d / gap[i] }])),
    },
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
