/**
 * Bench ddpm-step: one DDPM training step (Ho et al. 2020, L_simple) of the U-Net denoiser of
 * notebook 06 at its quick sizes — nn.UNet with spatialDims 1 on a Lorenz-96 ring of 32 sites
 * (x [64, 1, 32, 1]), base channels 8, depth 2, 1×3 kernels, circular padding, ReLU, a 32-wide
 * sinusoidal time embedding, trained through samplers.diffusionLoss (t uniform in [0, 1000) and
 * ε ~ N(0, I) per sample from the step's rng, x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, linear β from 1e-4 to
 * 0.02, MSE to ε) and nn's Adam at 3e-3 — as nn.fit runs it (ctx.rng = Rng(seed).split(step)).
 * Twin: bench/ddpm-step.py, the same U-Net and step in PyTorch.
 *
 * The twin reads this side's initial weights, x_0 and every step's (t, ε) draws
 * (out/bench/ddpm-step.shared.*, bench/lib/shared-arrays.ts). This side checks that the draws it
 * exports are the ones diffusionLoss makes; the losses on fixed draws before and after the timed
 * steps are cross-checked.
 * Run: bash bench/run.sh ddpm-step
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, initBackend, randomNormalTensor } from "../src/core";
// the modules themselves, not src/nn/index (whose checkpoint module reads ../package.json, absent under dist-bench/)
import { UNet } from "../src/nn/unet";
import { Adam } from "../src/nn/optim";
import { DDPMScheduler } from "../src/samplers/ddpm";
import { diffusionLoss } from "../src/samplers/loss";
import { emit, repeatsFromArgs, timeIt } from "./harness";
import { tensorArray, writeShared } from "./lib/shared-arrays";

const B = 64, K = 32, T = 1000, LR = 3e-3, SEED = 0;
/** The step index whose draws evaluate the loss before and after training (beyond any timed step). */
const EVAL = 1_000_000;

async function main(): Promise<void> {
  const info = await initBackend();
  const net = new UNet({ inChannels: 1, outChannels: 1, baseChannels: 8, depth: 2, padding: "circular", spatialDims: 1, timeChannels: 32, seed: SEED });
  const scheduler = new DDPMScheduler({ betaSchedule: "linear" });
  const x0 = randomNormalTensor([B, 1, K, 1], new Rng(2025)) as tf.Tensor4D;
  const objective = diffusionLoss(net, scheduler), noise = new Rng(SEED + 1);
  const ctx = (step: number) => ({ rng: noise.split(step), step, epoch: 1, training: true });
  /** The (t, ε) diffusionLoss draws at `step`: t first, then ε, from the same stream. */
  const draws = (step: number) => { const r = noise.split(step); const t = Array.from({ length: B }, () => r.integer(0, T)); return { t, eps: randomNormalTensor([B, 1, K, 1], r) }; };
  const explicit = (step: number) => {
    const { t, eps } = draws(step);
    const out = net.apply(scheduler.addNoise(x0, eps, t), { t: tf.tensor1d(t) });
    return tf.mean(tf.square(tf.sub(out, eps))) as tf.Scalar;
  };
  const evalLoss = () => tf.tidy(() => objective({ x: x0 }, ctx(EVAL)).dataSync()[0]);
  const firstLoss = evalLoss(), firstExplicit = tf.tidy(() => explicit(EVAL).dataSync()[0]);
  if (firstLoss !== firstExplicit) throw new Error(`ddpm-step: the exported draws are not diffusionLoss's (loss ${firstLoss} vs ${firstExplicit})`);

  const warmup = 2, repeats = repeatsFromArgs(10), steps = warmup + repeats;
  const stepDraws = [...Array.from({ length: steps }, (_, s) => s), EVAL].map(draws);
  writeShared("ddpm-step", {
    x0: tensorArray(x0),
    t: { shape: [steps + 1, B], data: Int32Array.from(stepDraws.flatMap((d) => d.t)) },
    eps: { shape: [steps + 1, B, 1, K, 1], data: Float32Array.from(stepDraws.flatMap((d) => Array.from(d.eps.dataSync()))) },
    ...Object.fromEntries(net.params.names().map((name) => [`param:${name}`, tensorArray(net.params.get(name))])),
  });
  tf.dispose(stepDraws.map((d) => d.eps));

  const variables = net.params.variables(), optimizer = new Adam(variables, { learningRate: LR });
  let step = 0, lastLoss = NaN;
  const trainStep = () => {
    const s = step++;
    lastLoss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => objective({ x: x0 }, ctx(s)), variables);
      optimizer.step(variables.map((v) => grads[v.name]));
      return value.dataSync()[0];
    });
  };
  const { ms, samplesMs } = await timeIt(trainStep, { warmup, repeats });
  const finalLoss = evalLoss();
  if (!(finalLoss < firstLoss)) throw new Error(`ddpm-step: the loss on fixed draws did not decrease (${firstLoss} → ${finalLoss})`);
  emit(
    "ddpm-step",
    `DDPM training step: U-Net 1D (${K} sites, base 8, depth 2, circular, time embedding 32), batch ${B}, Adam`,
    [{ label: `tfjs-${info.name} ${info.tfjsVersion}, nn.UNet + samplers.diffusionLoss`, ms, samplesMs, unit: "ms/step", params: net.numParams, firstLoss, lastLoss }],
    { backend: info, tensorsAlive: tf.memory().numTensors },
    {
      initialLoss: { value: firstLoss, rtol: 2e-5, draws: "the evaluation draws" },
      [`lossAfter${steps}Steps`]: { value: finalLoss, rtol: 2e-4, draws: "the evaluation draws" },
    },
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
