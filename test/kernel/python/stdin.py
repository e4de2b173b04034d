"""Input on stdin, driven by jupyter_client as a front end does: prints one JSON summary line.

usage: stdin.py
A cell awaits notebook.input(...); with allow_stdin=True the client answers each input_request
(a plain prompt, then a password prompt); with allow_stdin=False the cell fails at once; a cell
waiting for input is interrupted and the kernel answers the next request.
"""
import json
import time

from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name="kazami", startup_timeout=120)
out = {}
try:
    requests = []

    def answer(msg):
        requests.append(msg["content"])
        kc.input("Ada" if not msg["content"]["password"] else "s3cret")

    code = (
        'import { notebook } from "kazami";\n'
        'const who = await notebook.input("Your name? ");\n'
        'const key = await notebook.input("Key: ", { password: true });\n'
        '`${who}/${key.length}`'
    )
    results = []
    reply = kc.execute_interactive(code, allow_stdin=True, stdin_hook=answer, output_hook=lambda m: results.append(m), timeout=120)
    out["reply_status"] = reply["content"]["status"]
    out["requests"] = requests
    out["result"] = [m["content"]["data"]["text/plain"] for m in results if m["header"]["msg_type"] == "execute_result"]

    t0 = time.time()
    reply = kc.execute_interactive('await notebook.input("Name? ")', allow_stdin=False, timeout=60)
    out["headless"] = {k: reply["content"].get(k) for k in ("status", "ename", "evalue")}
    out["headless_seconds"] = time.time() - t0

    # a cell waiting for input is interrupted; the kernel then answers as usual
    msg_id = kc.execute('await notebook.input("Never answered? ")', allow_stdin=True)
    req = kc.get_stdin_msg(timeout=60)
    out["waiting_prompt"] = req["content"]["prompt"]
    km.interrupt_kernel()
    while True:
        m = kc.get_shell_msg(timeout=60)
        if m["parent_header"].get("msg_id") == msg_id:
            out["interrupted"] = {k: m["content"].get(k) for k in ("status", "ename")}
            break
    reply = kc.execute_interactive("1 + 1", timeout=60, output_hook=lambda m: None)
    out["after"] = reply["content"]["status"]
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(out))
