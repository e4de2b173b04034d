/**
 * Notebooks import the library by name: `import { ... } from "kazami"` resolves to the package that
 * holds the kernel — types from its compiled dist/*.d.ts, values from dist/*.js — wherever the
 * notebook lives, and a rebuilt library is picked up after a kernel restart.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, TestKernel, tempDir } from "./harness";

const result = (ex: Awaited<ReturnType<TestKernel["execute"]>>): unknown => TestKernel.of(ex, "execute_result")[0]?.content.data;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("import from \"kazami\" (this repository's build)", () => {
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

  for (const where of ["a folder outside the package", "notebooks/"]) {
    it(`works with types from ${where}`, async () => {
      const cwd = where === "notebooks/" ? path.join(ROOT, "notebooks") : tempDir("nb");
      if (where !== "notebooks/") dirs.push(cwd);
      const k = await TestKernel.start({ cwd });
      try {
        const ok = await k.execute('import { version, core } from "kazami";\nversion');
        expect(ok.reply.content.status).toBe("ok");
        expect(result(ok)).toEqual({ "text/plain": `'${version}'` });
        const misuse = await k.execute('import { version } from "kazami";\nconst asNumber: number = version;');
        expect(misuse.reply.content).toMatchObject({ status: "error", ename: "TSError" });
        expect(misuse.reply.content.evalue).toContain("cell:2:7");
        expect(misuse.reply.content.evalue).toContain("Type 'string' is not assignable to type 'number'");
        const missing = await k.execute('import { noSuchExport } from "kazami";');
        expect(missing.reply.content.evalue).toContain("noSuchExport");
      } finally {
        await k.stop();
      }
    });
  }
});

describe("library changes", () => {
  /** A copy of the kernel inside a throw-away package named "kazami" with a tiny library. */
  function fakePackage(answer: number): string {
    const pkg = tempDir("pkg");
    dirs.push(pkg);
    fs.writeFileSync(
      path.join(pkg, "package.json"),
      JSON.stringify({ name: "kazami", version: "9.9.9", main: "dist/index.js", types: "dist/index.d.ts", exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" } }),
    );
    fs.mkdirSync(path.join(pkg, "dist"));
    for (const f of ["cli.js", "version.js"]) fs.copyFileSync(path.join(ROOT, "dist", f), path.join(pkg, "dist", f));
    fs.cpSync(path.join(ROOT, "dist", "kernel"), path.join(pkg, "dist", "kernel"), { recursive: true });
    // The kernel's one dependency outside its folder: the atomic file write it shares with the runner.
    fs.mkdirSync(path.join(pkg, "dist", "core"));
    fs.copyFileSync(path.join(ROOT, "dist", "core", "atomic-write.js"), path.join(pkg, "dist", "core", "atomic-write.js"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(pkg, "node_modules"));
    writeLibrary(pkg, answer);
    return pkg;
  }
  function writeLibrary(pkg: string, answer: number): void {
    fs.writeFileSync(path.join(pkg, "dist", "index.js"), `"use strict";\nexports.answer = ${answer};\nexports.greet = (name) => "hi " + name;\n`);
    const extra = answer === 2 ? "export declare const addedInV2: string;\n" : "";
    fs.writeFileSync(path.join(pkg, "dist", "index.d.ts"), `export declare const answer: number;\nexport declare function greet(name: string): string;\n${extra}`);
    if (answer === 2) fs.appendFileSync(path.join(pkg, "dist", "index.js"), 'exports.addedInV2 = "new";\n');
  }

  it("are picked up after a rebuild and a kernel restart (values and types)", async () => {
    const pkg = fakePackage(1);
    const cwd = tempDir("nb");
    dirs.push(cwd);
    const cli = path.join(pkg, "dist", "cli.js");
    const k1 = await TestKernel.start({ cwd, cli });
    try {
      expect(result(await k1.execute('import { answer, greet } from "kazami";\n[answer, greet("you")]'))).toEqual({ "text/plain": "[ 1, 'hi you' ]" });
      const bad = await k1.execute('import { greet } from "kazami";\ngreet(5)');
      expect(bad.reply.content.evalue).toContain("Argument of type 'number' is not assignable to parameter of type 'string'");
      const shutdown = await k1.request("control", "shutdown_request", { restart: true });
      expect(shutdown.reply.content).toEqual({ status: "ok", restart: true });
    } finally {
      await k1.stop();
    }
    expect(k1.process.exitCode).toBe(0);
    writeLibrary(pkg, 2); // "npm run build" of a changed library
    const k2 = await TestKernel.start({ cwd, cli });
    try {
      expect(result(await k2.execute('import { answer, addedInV2 } from "kazami";\n[answer, addedInV2]'))).toEqual({ "text/plain": "[ 2, 'new' ]" });
      const typed = await k2.execute('import { addedInV2 } from "kazami";\nconst n: number = addedInV2;');
      expect(typed.reply.content.ename).toBe("TSError");
    } finally {
      await k2.stop();
    }
  });
});
