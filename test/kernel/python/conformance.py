"""Jupyter's kernel conformance suite (jupyter_kernel_test) against the Kazami kernel.

Run by test/kernel/conformance.test.ts with JUPYTER_PATH pointing at the repository root (whose
kernels/kazami/kernel.json is the kernelspec). Prints one JSON line with the outcome at the end.
"""
import json
import sys
import unittest

import jupyter_kernel_test

KERNEL = 'globalThis[Symbol.for("kazami.kernel")]'

VEGA_LITE = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 3}]},
    "mark": "line",
    "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
}


class KazamiKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "kazami"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("this goes to stderr")'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "const zebraCount = 1;\nzebraC", "matches": {"zebraCount"}},
        {"text": '"abc".toUpperC', "matches": {"toUpperCase"}},
    ]

    complete_code_samples = ["1 + 1", "let a = 1;", "function f(x: number) {\n  return x;\n}", "if (true) {\n}\n\n"]
    incomplete_code_samples = ["if (true) {", "function f(x: number,", "const xs = [1, 2,", "/* a comment", "`a template"]
    invalid_code_samples = ["let a = );", "1 +* 2", "let 1x = 2;"]

    code_generate_error = 'throw new Error("this cell fails")'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"con" + "cat"', "result": "'concat'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        {"code": "({ [Symbol.for('Jupyter.display')]() { return { 'text/html': '<b>bold</b>', 'text/plain': 'bold' }; } })", "mime": "text/html", "result": "<b>bold</b>"},
    ]
    code_history_pattern = "6*7"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": KERNEL + '.display({ "text/html": "<i>hi</i>", "text/plain": "hi" })', "mime": "text/html"},
        {"code": KERNEL + ".display({ \"application/vnd.vegalite.v5+json\": " + json.dumps(VEGA_LITE) + ', "text/plain": "a line chart" })', "mime": "application/vnd.vegalite.v5+json"},
        {"code": KERNEL + '.display({ "application/json": { a: [1, 2] }, "text/plain": "{a}" }, { note: 1 })', "mime": "application/json"},
    ]

    code_inspect_sample = "Math.max"
    code_page_something = "Math.max?"
    code_clear_output = KERNEL + ".clearOutput()"


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(KazamiKernelTests)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stderr).run(suite)
    names = lambda pairs: [t.id().split(".")[-1] + ("" if not getattr(t, "_subDescription", None) else " " + t._subDescription()) for t, _ in pairs]
    print(json.dumps({
        "run": result.testsRun,
        "failures": names(result.failures),
        "errors": names(result.errors),
        "skipped": names(result.skipped),
        "expectedFailures": names(result.expectedFailures),
        "details": [str(e) for _, e in result.failures + result.errors][:5],
    }))
    sys.exit(0 if result.wasSuccessful() else 1)
