import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../src/core/random";

export const normals = (n: number, seed: number, std = 1) => Float32Array.from(new Rng(seed).fillNormal(new Float64Array(n), 0, std));

/** A random tanh MLP written with tf ops: [B, d] → 24 tanh → 24 tanh → [B, 1]. */
export function randomMlp(d: number, seed: number) {
  const w1 = tf.tensor2d(normals(d * 24, seed, 1 / Math.sqrt(d)), [d, 24]), b1 = tf.tensor1d(normals(24, seed + 1, 0.3));
  const w2 = tf.tensor2d(normals(24 * 24, seed + 2, 0.4), [24, 24]), w3 = tf.tensor2d(normals(24, seed + 3, 0.5), [24, 1]);
  const f = (x: tf.Tensor) => tf.tidy(() => {
    const h = tf.tanh(tf.add(tf.matMul(x.reshape([x.shape[0], d]), w1), b1));
    return tf.matMul(tf.tanh(tf.matMul(h, w2)), w3);
  });
  return { f, dispose: () => tf.dispose([w1, b1, w2, w3]) };
}
