/**
 * Bench conv-step: one training step (forward, backward, Adam) of an SR-style CNN —
 * batch 8, input 64×64×2, conv 3×3 2→32 (ReLU) → 32→32 (ReLU) → 32→32 (ReLU) → 32→2, biases, MSE —
 * with Kazami's core.conv2d (custom gradient from forward convolutions) on the backend that
 * core.initBackend picks (wasm here). Twin: bench/conv-step.py (PyTorch, 1 and 2 threads).
 * Run: bash bench/run.sh conv-step
 */
import * as tf from "@tensorflow/tfjs";
import { conv2d, initBackend, randomNormalTensor, randomUniformTensor, Rng } from "../src/core";
import { emit, repeatsFromArgs, timeIt } from "./harness";

const B = 8, H = 64, W = 64, C = 32, channels = [2, C, C, C, 2];

async function main(): Promise<void> {
  const info = await initBackend();
  const rng = new Rng(2025);
  const x = randomNormalTensor([B, H, W, 2], rng.split(1)) as tf.Tensor4D;
  const target = randomNormalTensor([B, H, W, 2], rng.split(2)) as tf.Tensor4D;
  const filters: tf.Variable[] = [], biases: tf.Variable[] = [];
  for (let l = 0; l < 4; l++) {
    const bound = Math.sqrt(6 / (9 * channels[l])); // He uniform
    filters.push(tf.variable(randomUniformTensor([3, 3, channels[l], channels[l + 1]], rng.split(10 + l), -bound, bound)));
    biases.push(tf.variable(tf.zeros([channels[l + 1]])));
  }
  const optimizer = tf.train.adam(1e-3);
  const loss = (): tf.Scalar => {
    let h = x;
    for (let l = 0; l < 4; l++) {
      h = conv2d(h, filters[l] as unknown as tf.Tensor4D, { bias: biases[l] as unknown as tf.Tensor1D, activation: l < 3 ? "relu" : "none" });
    }
    return tf.losses.meanSquaredError(target, h) as tf.Scalar;
  };
  let lastLoss = NaN;
  const step = () => {
    const l = optimizer.minimize(loss, true, [...filters, ...biases]) as tf.Scalar;
    lastLoss = l.dataSync()[0];
    l.dispose();
  };
  const firstLoss = (() => {
    step();
    return lastLoss;
  })();
  const { ms, samplesMs } = await timeIt(step, { warmup: 2, repeats: repeatsFromArgs(10) });
  if (!(lastLoss < firstLoss)) throw new Error(`conv-step: the loss did not decrease (${firstLoss} → ${lastLoss})`);

  // forward FLOPs; backward = dx and dW, each about one forward (dx of layer 1 is computed too)
  const forward = 2 * B * H * W * 9 * channels.slice(0, 4).reduce((s, ci, l) => s + ci * channels[l + 1], 0);
  const gflop = (3 * forward) / 1e9;
  emit(
    "conv-step",
    `SR CNN training step: batch ${B}, ${H}x${W}x2, 4 conv 3x3 (${C} ch), Adam`,
    [{
      label: `tfjs-${info.name} ${info.tfjsVersion}, core.conv2d`,
      ms, samplesMs, unit: "ms/step",
      gflopPerStep: gflop, gflops: gflop / (ms / 1e3), firstLoss, lastLoss,
    }],
    { backend: info, tensorsAlive: tf.memory().numTensors },
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
