import { describe, expect, it } from "vitest";
import { table, toDisplayData } from "../../src/notebook";

describe("table from a danfojs DataFrame", () => {
  it("HTML with index, header and right-aligned numbers (4 significant digits); aligned text/plain", async () => {
    const dfd = await import("danfojs-node");
    const df = new dfd.DataFrame({ model: ["CNN", "FNO"], rmse: [0.123456, 0.08] });
    const d = toDisplayData(table(df, { caption: "test RMSE" }));
    expect(Object.keys(d.data).sort()).toEqual(["text/html", "text/plain"]);
    expect(d.data["text/html"]).toBe(
      '<table class="kazami-table"><caption>test RMSE</caption><thead><tr><th style="text-align:right"></th><th style="text-align:left">model</th><th style="text-align:right">rmse</th></tr></thead>' +
        '<tbody><tr><td style="text-align:right">0</td><td style="text-align:left">CNN</td><td style="text-align:right">0.1235</td></tr>' +
        '<tr><td style="text-align:right">1</td><td style="text-align:left">FNO</td><td style="text-align:right">0.08</td></tr></tbody></table>',
    );
    expect(d.data["text/plain"]).toBe(["test RMSE", "   model    rmse", "-  -----  ------", "0  CNN    0.1235", "1  FNO      0.08"].join("\n"));
    expect(d.metadata).toEqual({ kazami: { kind: "table", caption: "test RMSE" } });
  });

  it("a Series becomes one column", async () => {
    const dfd = await import("danfojs-node");
    const df = new dfd.DataFrame({ a: [1, 2, 3] });
    const t = table(df["a"] as never, { index: false });
    expect(t.columns).toEqual(["a"]);
    expect(t.rows).toEqual([["1"], ["2"], ["3"]]);
  });
});

describe("table from rows", () => {
  it("columns in order of first appearance, blanks for missing cells, HTML escaped", () => {
    const t = table([{ beta: 0.1, name: "<a>" }, { beta: 10, extra: true }]);
    expect(t.columns).toEqual(["beta", "name", "extra"]);
    expect(t.rows).toEqual([["0.1", "<a>", ""], ["10", "", "true"]]);
    expect(t.toHtml()).toContain("&lt;a&gt;");
    expect(t.toHtml()).not.toContain("<a>");
  });

  it("long tables show head and tail with the number of omitted rows", () => {
    const rows = Array.from({ length: 100 }, (_, n) => ({ n }));
    const t = table(rows, { maxRows: 6 });
    expect(t.rows.map((r) => r[0])).toEqual(["0", "1", "2", "97", "98", "99"]);
    expect(t.toString()).toContain("... 94 more rows ...");
    expect(t.toHtml()).toContain("… 94 more rows …");
  });

  it("rejects other inputs and bad options", () => {
    expect(() => table("x" as never)).toThrow(/DataFrame\/Series or an array of row objects, got string/);
    expect(() => table([1] as never)).toThrow(/row 0 must be an object/);
    expect(() => table([{ a: 1 }], { digits: 0 })).toThrow(/digits must be an integer in \[1, 17\]/);
  });
});
