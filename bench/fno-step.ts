/**
 * Bench fno-step: one training step (forward, backward, Adam 1e-3, MSE) of a 2D Fourier neural
 * operator — batch 8, 64×64, 1 input channel + 2 coordinate channels, width 32, 4 Fourier layers of
 * 12×12 modes (ky = 0…11 and −12…−1, kx = 0…11), projection 32 → 128 → 1, GELU as x·σ(1.702x) — with
 * Kazami's nn.FNO (truncated DFTs as matMuls, per-mode mixing as depthwise convolutions) and nn's
 * Adam, as nn.train runs them. Twin: bench/fno-step.py, the same network in PyTorch (torch.fft).
 *
 * Both sides build their weights, input and target from the same integer generator (an LCG on
 * uint32, exact in both languages), so the loss before and after the timed steps must agree: the
 * report fails the entry otherwise.
 * Run: bash bench/run.sh fno-step
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../src/core";
// the modules themselves, not src/nn/index (whose checkpoint module reads ../package.json, absent under dist-bench/)
import { FNO } from "../src/nn/fno";
import { Adam } from "../src/nn/optim";
import { emit, repeatsFromArgs, timeIt } from "./harness";

const B = 8, N = 64, WIDTH = 32, MODES = 12, LAYERS = 4, PROJECTION = 128;

/** Stream of uniform [0, 1) values from a 32-bit LCG (Numerical Recipes), exact in any language. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (1664525 * s + 1013904223) % 4294967296; return s / 4294967296; };
}

/** Fills every parameter from its own stream: uniform in [−b, b) for linear maps (b = 1/√fan-in), [0, 1/C²) for spectral weights. */
function deterministicWeights(model: FNO): void {
  model.params.names().forEach((name, i) => {
    const v = model.params.get(name), next = lcg(1000 + i), a = new Float32Array(v.size);
    const spectral = name.includes("spectral");
    const fanIn = name.endsWith("bias") ? (model.params.get(name.replace("bias", "weight")).shape[0] as number) : (v.shape[0] as number);
    for (let j = 0; j < a.length; j++) a[j] = spectral ? next() / (WIDTH * WIDTH) : (2 * next() - 1) / Math.sqrt(fanIn);
    v.assign(tf.tensor(a, v.shape));
  });
}

async function main(): Promise<void> {
  const info = await initBackend();
  const model = new FNO({ nModes: [MODES, MODES], inChannels: 1, outChannels: 1, hiddenChannels: WIDTH, nLayers: LAYERS, projectionChannels: PROJECTION, activation: "gelu", positionalEmbedding: "linear" });
  deterministicWeights(model);
  const fill = (seed: number) => { const next = lcg(seed), a = new Float32Array(B * N * N); for (let j = 0; j < a.length; j++) a[j] = next(); return a; };
  const x = tf.tensor4d(fill(1), [B, N, N, 1]), target = tf.tensor4d(fill(2), [B, N, N, 1]);
  const variables = model.params.variables(), optimizer = new Adam(variables, { learningRate: 1e-3 });
  const loss = () => tf.losses.meanSquaredError(target, model.apply(x)) as tf.Scalar;
  const firstLoss = tf.tidy(() => loss().dataSync()[0]);
  let lastLoss = NaN, steps = 0;
  const step = () => {
    lastLoss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, variables);
      optimizer.step(variables.map((v) => grads[v.name]));
      return value.dataSync()[0];
    });
    steps++;
  };
  const warmup = 2, repeats = repeatsFromArgs(10);
  const { ms, samplesMs } = await timeIt(step, { warmup, repeats });
  const finalLoss = tf.tidy(() => loss().dataSync()[0]);
  if (!(finalLoss < firstLoss)) throw new Error(`fno-step: the loss did not decrease (${firstLoss} → ${finalLoss})`);
  emit(
    "fno-step",
    `FNO2d training step: batch ${B}, ${N}x${N}, width ${WIDTH}, ${LAYERS} layers, ${MODES}x${MODES} modes, Adam`,
    [{ label: `tfjs-${info.name} ${info.tfjsVersion}, nn.FNO`, ms, samplesMs, unit: "ms/step", params: model.numParams, firstLoss, lastLoss, steps }],
    { backend: info, tensorsAlive: tf.memory().numTensors },
    {
      // before any step: same weights, same data, float32 on both sides → the same loss to round-off
      initialLoss: { value: firstLoss, rtol: 2e-5 },
      // after warm-up + timed Adam steps at lr 1e-3 (measured agreement ~2e-6 on both)
      [`lossAfter${warmup + repeats}Steps`]: { value: finalLoss, rtol: 2e-4 },
    },
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
