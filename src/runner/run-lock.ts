/**
 * `<out>/kazami.lock`: the `kazami run` writing into an output folder (pid, host, start time), so
 * a second run or `--resume` cannot write into a folder a live runner is using — their records,
 * executed notebooks and manifest writes would mix. The lock is created atomically, removed when
 * the runner ends (also on process.exit), and a lock left by a runner that was killed (SIGKILL,
 * power loss) is taken over: its pid is gone, or belongs to a process that started later (pid
 * reuse, told by the start time in /proc). A lock from another host cannot be checked and is
 * refused with the way to remove it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface LockOwner {
  pid: number;
  host: string;
  /** ISO 8601 time the lock was taken. */
  started: string;
  /** The process's start time in clock ticks after boot (/proc/<pid>/stat field 22), when known. */
  procStart?: string;
}

/** A held lock; `release()` removes it (only if it is still this process's). */
export interface RunLock {
  file: string;
  release(): void;
}

/** The lock file of an output folder. */
export const lockFile = (outDir: string): string => path.join(path.resolve(outDir), "kazami.lock");

/** Field 22 of /proc/<pid>/stat (start time), or undefined where /proc is not readable. */
function procStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]; // fields after "(comm)" start at field 3
  } catch {
    return undefined;
  }
}

/** Whether the lock's owner still runs; a string when that cannot be told (another host). */
function ownerAlive(owner: LockOwner): boolean | string {
  if (owner.host !== os.hostname()) return `it was taken on host ${owner.host}`;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false; // ESRCH: no such process
  }
  const now = procStart(owner.pid);
  return owner.procStart === undefined || now === undefined || now === owner.procStart;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const o = JSON.parse(fs.readFileSync(file, "utf8")) as LockOwner;
    return typeof o?.pid === "number" && typeof o.host === "string" ? o : undefined;
  } catch {
    return undefined; // vanished, or not a lock
  }
}

/**
 * Takes the lock of `outDir` (creating the folder). Returns the lock, or — when a live runner holds
 * it, or one on another host may — a one-line reason naming its pid and how to proceed.
 */
export function lockOutput(outDir: string): RunLock | string {
  const file = lockFile(outDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const me: LockOwner = { pid: process.pid, host: os.hostname(), started: new Date().toISOString(), ...withStart(procStart(process.pid)) };
  const text = JSON.stringify(me) + "\n";
  for (let attempt = 0; attempt < 2; attempt++) {
    // Written whole to a temporary file, then linked into place: link fails if the lock exists, and
    // a reader never sees a half-written lock.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    try {
      fs.linkSync(tmp, file);
      const release = (): void => {
        process.off("exit", release);
        if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) fs.rmSync(file, { force: true });
      };
      process.on("exit", release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    const owner = readOwner(file);
    const alive = owner === undefined ? false : ownerAlive(owner);
    if (owner !== undefined && alive === true) {
      return `${outDir} is in use by kazami run pid ${owner.pid} (since ${owner.started}); wait for it to end, stop it (kill ${owner.pid}), or choose another --out`;
    }
    if (owner !== undefined && typeof alive === "string") {
      return `${outDir} is locked by kazami run pid ${owner.pid} (${alive}, since ${owner.started}); if that run is over, remove ${file}`;
    }
    fs.rmSync(file, { force: true }); // left by a runner that is gone: take it over
  }
  return `${outDir}: another kazami run took ${file} at the same moment; try again`;
}

function withStart(start: string | undefined): { procStart?: string } {
  return start === undefined ? {} : { procStart: start };
}
