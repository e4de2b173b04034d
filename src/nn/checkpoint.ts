/**
 * Checkpoints as tfjs artifacts: a folder with model.json (the model's `{className, config}` as
 * modelTopology plus the weights manifest) and weights.bin (float32, little-endian, in manifest
 * order), the layout tf.loadLayersModel and the tfjs converters use. `fileIO(dir)` is a
 * tf.io.IOHandler on the local file system (tfjs-node's file:// handler is not available on the
 * wasm backend); it writes through temporary files and renames, so a crash never leaves a
 * half-written checkpoint under the final names.
 */
import * as fs from "fs";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { writeFileAtomic } from "../core/atomic-write";
import type { Module, SerializedModule } from "./module";
import { fromConfig } from "./registry";
import { describe } from "../core";
import { version } from "../version";

const MODEL_JSON = "model.json";
const WEIGHTS_BIN = "weights.bin";
const FORMAT = "kazami-model";


/** A tf.io.IOHandler reading and writing `dir/model.json` + `dir/weights.bin`. */
export function fileIO(dir: string): tf.io.IOHandler {
  if (typeof dir !== "string" || dir.length === 0) throw new TypeError(`nn.fileIO: dir must be a non-empty path string, got ${describe(dir)}`);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
        throw new TypeError("nn.fileIO: the artifacts to save carry no weights (weightSpecs/weightData)");
      }
      fs.mkdirSync(dir, { recursive: true });
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs }],
      };
      if (artifacts.userDefinedMetadata !== undefined) json.userDefinedMetadata = artifacts.userDefinedMetadata;
      await writeFileAtomic(path.join(dir, WEIGHTS_BIN), weights);
      await writeFileAtomic(path.join(dir, MODEL_JSON), JSON.stringify(json, null, 1));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = path.join(dir, MODEL_JSON);
      if (!fs.existsSync(jsonPath)) throw new RangeError(`nn.fileIO: no checkpoint at ${dir} (missing ${MODEL_JSON})`);
      const json = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as tf.io.ModelJSON;
      const manifest = json.weightsManifest;
      if (!Array.isArray(manifest) || manifest.length === 0) throw new RangeError(`nn.fileIO: ${jsonPath} has no weightsManifest`);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: ArrayBuffer[] = [];
      for (const group of manifest) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const buf = fs.readFileSync(path.join(dir, p));
          buffers.push(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
        }
      }
      const weightData = tf.io.CompositeArrayBuffer.join(buffers);
      const expected = specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
      if (weightData.byteLength !== expected) {
        throw new RangeError(`nn.fileIO: ${dir} weights hold ${weightData.byteLength} bytes, the manifest describes ${expected} (float32)`);
      }
      return { ...json, weightSpecs: specs, weightData };
    },
  };
}

/** Saves a model to a folder path or any tf.io.IOHandler (model.json + weights.bin). */
export async function saveModel(model: Module, to: string | tf.io.IOHandler): Promise<tf.io.SaveResult> {
  const handler = typeof to === "string" ? fileIO(to) : to;
  if (handler.save === undefined) throw new TypeError("nn.saveModel: the IO handler has no save()");
  const { data, specs } = await tf.io.encodeWeights(model.params.named());
  return handler.save({
    modelTopology: model.toConfig() as unknown as {},
    format: FORMAT,
    generatedBy: `kazami ${version}, tfjs ${tf.version.tfjs}`,
    weightSpecs: specs,
    weightData: data,
  });
}

/** Rebuilds a model saved by saveModel: its class from the registry, its config, then its weights. */
export async function loadModel(from: string | tf.io.IOHandler): Promise<Module> {
  const handler = typeof from === "string" ? fileIO(from) : from;
  if (handler.load === undefined) throw new TypeError("nn.loadModel: the IO handler has no load()");
  const artifacts = await handler.load();
  if (artifacts.format !== FORMAT) throw new RangeError(`nn.loadModel: expected format "${FORMAT}", got "${artifacts.format}"`);
  if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) throw new RangeError("nn.loadModel: the checkpoint holds no weights");
  const model = fromConfig(artifacts.modelTopology as SerializedModule);
  const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    model.params.assign(weights, "nn.loadModel");
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    tf.dispose(Object.values(weights));
  }
  return model;
}
