/**
 * Bench galerkin-step: one training step (forward, backward, Adam 2e-3) of the Galerkin-transformer
 * super-resolution operator at notebook 05's quick sizes — nn.GalerkinTransformer with width 32,
 * 1 head, 2 encoder blocks, 1 decoder block, hidden width 64, 8 Fourier modes per axis, GELU
 * (x·σ(1.702x)); tokens: a 16×16 coarse field (θ and building fraction, 2 channels) of a 640 m
 * domain; 1024 queries at cells of the 64×64 grid with 106 query features (5×5 θ and 9×9 mask
 * neighbourhoods), batch 8, the loss the air-weighted mean squared error of nn.sampledGridLoss.
 * The queries are drawn once (sampledGridLoss draws them each step) so that both sides see the
 * same ones. Twin: bench/galerkin-step.py, the same network in PyTorch.
 *
 * The twin reads this side's initial weights and data (out/bench/galerkin-step.shared.*,
 * bench/lib/shared-arrays.ts); the losses before and after the timed steps are cross-checked.
 * Run: bash bench/run.sh galerkin-step
 */
import * as tf from "@tensorflow/tfjs";
import { Rng, initBackend, randomNormalTensor, randomUniformTensor } from "../src/core";
// the modules themselves, not src/nn/index (whose checkpoint module reads ../package.json, absent under dist-bench/)
import { GalerkinTransformer } from "../src/nn/galerkin-transformer";
import { gridCoordinates } from "../src/nn/galerkin-grid";
import { Adam } from "../src/nn/optim";
import { emit, repeatsFromArgs, timeIt } from "./harness";
import { tensorArray, writeShared } from "./lib/shared-arrays";

const B = 8, COARSE = 16, FINE = 64, QUERIES = 1024, FEATURES = 5 * 5 + 9 * 9, EXTENT: [number, number] = [640, 640], LR = 2e-3;

async function main(): Promise<void> {
  const info = await initBackend();
  const net = new GalerkinTransformer({ inChannels: 2, outChannels: 1, width: 32, heads: 1, encoderLayers: 2, modes: 8,
    domain: [2 * EXTENT[0], 2 * EXTENT[1]], queryFeatures: FEATURES, seed: 0 });
  const rng = new Rng(2025);
  const cells = Int32Array.from({ length: QUERIES }, () => rng.integer(0, FINE * FINE));
  const values = randomNormalTensor([B, COARSE * COARSE, 2], rng.split(1)) as tf.Tensor3D;
  const coords = tf.tile(gridCoordinates([COARSE, COARSE], EXTENT), [B, 1, 1]) as tf.Tensor3D;
  const queries = tf.tile(tf.gather(gridCoordinates([FINE, FINE], EXTENT), tf.tensor1d(cells, "int32"), 1), [B, 1, 1]) as tf.Tensor3D;
  const features = randomNormalTensor([B, QUERIES, FEATURES], rng.split(2)) as tf.Tensor3D;
  const target = randomNormalTensor([B, QUERIES, 1], rng.split(3)) as tf.Tensor3D;
  const air = tf.cast(tf.greater(randomUniformTensor([B, QUERIES, 1], rng.split(4)), 0.3), "float32") as tf.Tensor3D;
  writeShared("galerkin-step", {
    values: tensorArray(values), coords: tensorArray(coords), queries: tensorArray(queries), features: tensorArray(features),
    target: tensorArray(target), air: tensorArray(air),
    ...Object.fromEntries(net.params.names().map((name) => [`param:${name}`, tensorArray(net.params.get(name))])),
  });
  const variables = net.params.variables(), optimizer = new Adam(variables, { learningRate: LR });
  // nn.sampledGridLoss's weighted MSE at the fixed queries
  const loss = () => {
    const sq = tf.square(tf.sub(net.apply(values, { coords, queries, queryFeatures: features }), target));
    return tf.div(tf.sum(tf.mul(sq, air)), tf.maximum(tf.sum(air), 1e-12)) as tf.Scalar;
  };
  const firstLoss = tf.tidy(() => loss().dataSync()[0]);
  let lastLoss = NaN;
  const step = () => {
    lastLoss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss, variables);
      optimizer.step(variables.map((v) => grads[v.name]));
      return value.dataSync()[0];
    });
  };
  const warmup = 2, repeats = repeatsFromArgs(10);
  const { ms, samplesMs } = await timeIt(step, { warmup, repeats });
  const finalLoss = tf.tidy(() => loss().dataSync()[0]);
  if (!(finalLoss < firstLoss)) throw new Error(`galerkin-step: the loss did not decrease (${firstLoss} → ${finalLoss})`);
  emit(
    "galerkin-step",
    `Galerkin transformer training step: batch ${B}, ${COARSE}² tokens → ${QUERIES} queries (${FEATURES} features), width 32, 2+1 blocks, Adam`,
    [{ label: `tfjs-${info.name} ${info.tfjsVersion}, nn.GalerkinTransformer`, ms, samplesMs, unit: "ms/step", params: net.numParams, firstLoss, lastLoss }],
    { backend: info, tensorsAlive: tf.memory().numTensors },
    {
      initialLoss: { value: firstLoss, rtol: 2e-5 },
      [`lossAfter${warmup + repeats}Steps`]: { value: finalLoss, rtol: 2e-4 },
    },
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
