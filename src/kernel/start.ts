/**
 * `kazami kernel start <connection_file>`: the kernel process. Reads the connection file, binds
 * the sockets, starts the TypeScript engine process, and serves until a shutdown_request, SIGTERM,
 * or the death of the process that started it (JPY_PARENT_PID).
 *
 * SIGINT (interrupt_mode "signal", or Ctrl-C in a terminal) interrupts the running cell, exactly
 * like an interrupt_request.
 *
 * Environment: KAZAMI_INTERRUPT_GRACE_MS (default 3000) how long an interrupted cell may take to
 * stop before the engine is replaced; KAZAMI_MAX_OUTPUT (default 1000000) stream characters shown
 * per cell.
 */
import { version } from "../version";
import { readConnectionFile } from "./connection";
import { ProcessExecutor } from "./process-executor";
import { KernelProtocol } from "./protocol/kernel-protocol";
import { RateLimitedLog, ZmqTransport } from "./protocol/transport";
import { Signer } from "./wire";

const log = (text: string): void => {
  process.stderr.write(`[kazami kernel] ${text}\n`);
};

function parentAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs the kernel until it shuts down; resolves with the process exit code. */
export async function startKernel(connectionFile: string): Promise<number> {
  const info = readConnectionFile(connectionFile);
  const signer = new Signer(info.signature_scheme, info.key);
  if (!signer.enabled) log("warning: the connection file has an empty key, so messages are not signed or verified");
  const warnings = new RateLimitedLog(log);
  const transport = await ZmqTransport.bind(info, signer, warnings);
  const grace = Number(process.env.KAZAMI_INTERRUPT_GRACE_MS ?? 3000);
  const executor = new ProcessExecutor({ log, interruptGraceMs: Number.isFinite(grace) && grace > 0 ? grace : 3000 });

  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  let stopping = false;
  const stop = async (why: string, code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`shutting down (${why})`);
    await executor.shutdown();
    await transport.close();
    finish(code);
  };

  const protocol = new KernelProtocol({
    executor,
    connection: info,
    identity: {
      implementationVersion: version,
      banner: `Kazami ${version}: TypeScript ${executor.languageInfo.version} (tslab engine) on Node ${process.version}`,
      helpLinks: [
        { text: "tslab (the TypeScript engine)", url: "https://github.com/yunabe/tslab" },
        { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
        { text: "Node.js API", url: `https://nodejs.org/docs/${process.version}/api/` },
      ],
    },
    send: (channel, msg) => transport.send(channel, msg),
    onShutdown: (restart) => void stop(restart ? "shutdown_request, restart" : "shutdown_request", 0),
    warn: (text) => warnings.warn(text),
  });
  transport.listen((channel, msg) => protocol.receive(channel, msg));

  const onSigint = (): void => void executor.interrupt();
  const onSigterm = (): void => void stop("SIGTERM", 0);
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigterm);
  const parentPid = Number(process.env.JPY_PARENT_PID);
  const watch = Number.isInteger(parentPid) && parentPid > 1
    ? setInterval(() => {
        if (!parentAlive(parentPid)) void stop(`the process that started the kernel (pid ${parentPid}) is gone`, 0);
      }, 2000).unref()
    : undefined;

  log(`listening on ${transport.address} (shell ${info.shell_port}, iopub ${info.iopub_port}, control ${info.control_port}, hb ${info.hb_port})`);
  const code = await finished;
  if (watch !== undefined) clearInterval(watch);
  process.off("SIGINT", onSigint);
  process.off("SIGTERM", onSigterm);
  return code;
}
