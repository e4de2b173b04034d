/**
 * Advisory build lock: a file created with O_EXCL ("wx") holding {pid, host, nonce, created}. It
 * keeps two processes from building the same dataset at once; correctness does not depend on it
 * (entries are installed by atomic rename and verified on read), it only saves duplicate work.
 *
 * A lock is stale when its process is gone (same host: the pid no longer exists) or, for a lock of
 * another host, when it has not been touched for `staleMs`. A stale lock is taken over by renaming
 * it to a unique name first (only one contender can win that rename) and checking that the renamed
 * file is the stale lock that was judged, not a fresh one.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";

export interface LockInfo {
  pid: number;
  host: string;
  nonce: string;
  created: string;
}

export interface LockHandle {
  path: string;
  info: LockInfo;
  /** Marks the lock as alive (throttled to once a second); call during long builds. */
  touch(): void;
  /** Removes the lock if it is still ours. */
  release(): void;
}

export interface AcquireOptions {
  /** A lock of another host untouched this long is stale (default 10 minutes). */
  staleMs?: number;
  /** Polling interval while waiting (default 200 ms). */
  pollMs?: number;
  /** Called once when the lock is found held by a live process. */
  onWait?: (holder: LockInfo | undefined) => void;
  /** Polled while waiting; if it resolves true, give up and return undefined (e.g. the data appeared). */
  stopWaiting?: () => Promise<boolean>;
}

function readInfo(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
    return typeof info.pid === "number" && typeof info.nonce === "string" ? info : undefined;
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isStale(file: string, info: LockInfo | undefined, staleMs: number): boolean {
  let age: number;
  try {
    age = Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return false; // gone already: not ours to judge
  }
  if (info === undefined) return age > 10_000; // being written, or garbage left by a crash
  if (info.host === os.hostname()) return !pidAlive(info.pid);
  return age > staleMs;
}

function tryCreate(file: string): LockInfo | undefined {
  const info: LockInfo = { pid: process.pid, host: os.hostname(), nonce: randomBytes(8).toString("hex"), created: new Date().toISOString() };
  let fd: number;
  try {
    fd = fs.openSync(file, "wx", 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw err;
  }
  try {
    fs.writeSync(fd, JSON.stringify(info));
  } finally {
    fs.closeSync(fd);
  }
  return info;
}

/** Takes over a stale lock; returns true if the lock file is gone afterwards (or was already). */
function breakStale(file: string, judged: LockInfo | undefined): boolean {
  const grabbed = `${file}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(file, grabbed);
  } catch {
    return true; // someone else moved it
  }
  const got = readInfo(grabbed);
  if (judged !== undefined && got?.nonce !== judged.nonce) {
    try {
      fs.linkSync(grabbed, file); // a fresh lock replaced the stale one meanwhile: put it back
    } catch {
      // the slot was taken again; the displaced holder's data stay correct (atomic installs)
    }
  }
  fs.rmSync(grabbed, { force: true });
  return true;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Acquires the lock at `file`, waiting while a live process holds it. See AcquireOptions. */
export async function acquireLock(file: string, opts: AcquireOptions = {}): Promise<LockHandle | undefined> {
  const staleMs = opts.staleMs ?? 10 * 60_000, pollMs = opts.pollMs ?? 200;
  let announced = false;
  for (;;) {
    const info = tryCreate(file);
    if (info !== undefined) return handle(file, info);
    const holder = readInfo(file);
    if (isStale(file, holder, staleMs)) {
      breakStale(file, holder);
      continue;
    }
    if (!announced) { opts.onWait?.(holder); announced = true; }
    if (opts.stopWaiting && (await opts.stopWaiting())) return undefined;
    await sleep(pollMs);
  }
}

function handle(file: string, info: LockInfo): LockHandle {
  let last = Date.now();
  return {
    path: file,
    info,
    touch() {
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      try { fs.utimesSync(file, now / 1000, now / 1000); } catch { /* lock removed by a stale-breaker; keep building */ }
    },
    release() {
      if (readInfo(file)?.nonce === info.nonce) fs.rmSync(file, { force: true });
    },
  };
}
