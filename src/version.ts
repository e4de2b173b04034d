/**
 * The package version, read from package.json so there is one source of truth. The file is found by
 * walking up from this module, so it works from dist/ and from other build folders (dist-bench/).
 */
import * as fs from "node:fs";
import * as path from "node:path";

function findPackageVersion(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "kazami" && typeof pkg.version === "string") return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`kazami: cannot find its package.json above ${start}`);
  }
}

export const version: string = findPackageVersion(__dirname);
