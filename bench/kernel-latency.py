"""kernel-latency, Python side: the same measurements through jupyter_client, for Debian's
ipykernel (the reference kernel) and for the Kazami kernel (same client, so the two compare
kernel against kernel).

Measured per kernel: `1+1` round trip (execute_request sent -> execute_reply and iopub idle
received; median of N, default 50, after 5 warm-up cells), start-up to the first kernel_info_reply,
the first cell, and interrupt latency of a busy loop (median of 5; ipykernel is interrupted by
SIGINT, its kernelspec's interrupt_mode). Needs python3-jupyter-client and python3-ipykernel
(`bash scripts/setup-system.sh test`) and `npm run build`.
"""
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE = tempfile.mkdtemp(prefix="kazami-bench-jupyter-")
os.environ.update(
    JUPYTER_PATH=ROOT,
    JUPYTER_RUNTIME_DIR=os.path.join(STATE, "runtime"),
    JUPYTER_DATA_DIR=os.path.join(STATE, "data"),
    JUPYTER_CONFIG_DIR=os.path.join(STATE, "config"),
    PYDEVD_DISABLE_FILE_VALIDATION="1",
)

try:
    import ipykernel
    import jupyter_client
    from jupyter_client.manager import KernelManager
except ImportError as e:  # fail loudly: the comparison is the point
    sys.exit(f"kernel-latency.py: {e}; install Debian's python3-jupyter-client and python3-ipykernel (bash scripts/setup-system.sh test)")

from harness import emit, repeats_from_args, time_it


def round_trip(kc, code, timeout=30):
    """Runs code as a front end does: returns the execute_reply after it and the iopub idle arrived."""
    return kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None, stop_on_error=False)


def measure(kernel_name, code, loop, repeats):
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel(cwd=STATE)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        startup = (time.perf_counter() - t0) * 1e3
        t1 = time.perf_counter()
        round_trip(kc, code)
        first = (time.perf_counter() - t1) * 1e3
        ms, samples = time_it(lambda: round_trip(kc, code), warmup=5, repeats=repeats)
        interrupts = []
        for _ in range(5):
            msg_id = kc.execute(loop, stop_on_error=False)
            time.sleep(0.3)
            ti = time.perf_counter()
            km.interrupt_kernel()
            while True:
                m = kc.get_shell_msg(timeout=30)
                if m["parent_header"].get("msg_id") == msg_id:
                    break
            interrupts.append((time.perf_counter() - ti) * 1e3)
            if m["content"]["status"] != "error":
                raise RuntimeError(f"{kernel_name}: the loop was not interrupted: {m['content']}")
        return {"ms": ms, "samplesMs": samples, "unit": "ms/cell", "startupMs": round(startup), "firstCellMs": round(first),
                "interruptMs": statistics.median(interrupts), "interruptSamplesMs": interrupts}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def main():
    repeats = repeats_from_args(50)
    ipy = measure("python3", "1+1", "while True: pass", repeats)
    ours = measure("kazami", "1+1", "while (true) {}", repeats)
    emit(
        "kernel-latency",
        "Jupyter cell round trip of `1+1` (execute_request -> reply + idle), loopback zeromq",
        [
            {"label": f"ipykernel {ipykernel.__version__} (jupyter_client {jupyter_client.__version__})", **ipy},
            {"label": f"kazami kernel (jupyter_client {jupyter_client.__version__})", **ours},
        ],
        {"client": "jupyter_client"},
    )


if __name__ == "__main__":
    main()
