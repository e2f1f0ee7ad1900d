import assert from "node:assert/strict";
import type { TestServer } from "./server.js";

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, written from its specification
 * rather than from prom-client (which has no parser): `# HELP`/`# TYPE` lines, samples
 * `name{label="value",…} value [timestamp]` with `\\`, `\"` and `\n` escapes in label values,
 * values as Go floats (`+Inf`, `-Inf`, `NaN`, case-insensitive). It refuses what the format does not allow: a sample
 * before its family's TYPE, a sample of no declared family, a bad line, a histogram whose buckets
 * are not cumulative or whose `+Inf` bucket differs from its `_count`.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** As Go's strconv.ParseFloat reads it: `Inf`, `Infinity` and `NaN` in any case (prom-client writes `Nan`). */
function parseValue(v: string, line: string): number {
  if (/^\+?inf(inity)?$/i.test(v)) return Infinity;
  if (/^-inf(inity)?$/i.test(v)) return -Infinity;
  if (/^nan$/i.test(v)) return NaN;
  assert.match(v, /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, `not a float in: ${line}`);
  return Number(v);
}

function parseSample(line: string): Sample {
  let i = 0;
  while (i < line.length && /[a-zA-Z0-9_:]/.test(line[i]!)) i++;
  const name = line.slice(0, i);
  assert.match(name, NAME, `bad metric name in: ${line}`);
  const labels: Record<string, string> = {};
  if (line[i] === "{") {
    i++;
    while (line[i] !== "}") {
      const eq = line.indexOf("=", i);
      assert.ok(eq > i, `bad labels in: ${line}`);
      const label = line.slice(i, eq).trim();
      assert.match(label, LABEL, `bad label name in: ${line}`);
      assert.equal(line[eq + 1], '"', `unquoted label value in: ${line}`);
      let value = "";
      let j = eq + 2;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === "\\") {
          const next = line[++j];
          assert.ok(next === "\\" || next === '"' || next === "n", `bad escape in: ${line}`);
          value += next === "n" ? "\n" : next;
        } else value += line[j];
      }
      assert.equal(line[j], '"', `unterminated label value in: ${line}`);
      assert.ok(!(label in labels), `duplicate label in: ${line}`);
      labels[label] = value;
      i = j + 1;
      if (line[i] === ",") i++;
      else assert.equal(line[i], "}", `bad labels in: ${line}`);
    }
    i++;
  }
  const rest = line.slice(i).trim().split(/\s+/);
  assert.ok(rest.length === 1 || rest.length === 2, `bad sample: ${line}`);
  if (rest[1] !== undefined) assert.match(rest[1], /^-?\d+$/, `bad timestamp in: ${line}`);
  return { name, labels, value: parseValue(rest[0]!, line) };
}

const SUFFIXES: Record<Family["type"], string[]> = {
  counter: [""],
  gauge: [""],
  untyped: [""],
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["", "_sum", "_count"],
};

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const help = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
    if (meta) {
      const [, what, name, rest = ""] = meta;
      assert.match(name!, NAME, `bad name in: ${line}`);
      if (what === "HELP") help.set(name!, rest);
      else {
        assert.ok(!families.has(name!), `TYPE of ${name} given twice`);
        assert.ok(["counter", "gauge", "histogram", "summary", "untyped"].includes(rest), `bad type in: ${line}`);
        families.set(name!, { name: name!, type: rest as Family["type"], help: help.get(name!) ?? "", samples: [] });
      }
      continue;
    }
    if (line.startsWith("#")) continue;
    const s = parseSample(line);
    const family = [...families.values()].find((f) => SUFFIXES[f.type].some((suffix) => s.name === f.name + suffix));
    assert.ok(family, `sample of no declared family: ${line}`);
    family.samples.push(s);
  }
  for (const f of families.values()) if (f.type === "histogram") checkHistogram(f);
  return families;
}

/** Buckets cumulative, ending with `+Inf` equal to `_count`, for every label set. */
function checkHistogram(f: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  const keyOf = (labels: Record<string, string>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([k]) => k !== "le")
        .sort(),
    );
  for (const s of f.samples) {
    const k = keyOf(s.labels);
    const entry = series.get(k) ?? { buckets: [] };
    series.set(k, entry);
    if (s.name.endsWith("_bucket")) entry.buckets.push([parseValue(s.labels.le!, s.name), s.value]);
    if (s.name.endsWith("_count")) entry.count = s.value;
  }
  for (const [k, { buckets, count }] of series) {
    for (let i = 1; i < buckets.length; i++) {
      assert.ok(buckets[i]![0] > buckets[i - 1]![0] && buckets[i]![1] >= buckets[i - 1]![1], `${f.name}${k}: buckets not cumulative`);
    }
    assert.equal(buckets.at(-1)?.[0], Infinity, `${f.name}${k}: no +Inf bucket`);
    assert.equal(buckets.at(-1)?.[1], count, `${f.name}${k}: +Inf bucket differs from _count`);
  }
}

/** A scrape of /_lazurite/metrics, parsed and checked. */
export class Scrape {
  constructor(readonly families: Map<string, Family>) {}

  family(name: string): Family | undefined {
    return this.families.get(name);
  }

  /** The value of the sample `name` (a family's own name, or with its `_count`/`_bucket` suffix) whose labels include `labels`; 0 when absent. */
  value(name: string, labels: Record<string, string> = {}): number {
    for (const f of this.families.values()) {
      for (const s of f.samples) {
        if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) return s.value;
      }
    }
    return 0;
  }

  /** A histogram's observation count for `labels`, 0 when absent. */
  count(name: string, labels: Record<string, string> = {}): number {
    return this.value(`${name}_count`, labels);
  }
}

export async function scrape(s: TestServer, token: string | undefined = s.adminToken): Promise<Scrape> {
  const r = await s.call("/_lazurite/metrics", token ? { headers: { authorization: `Bearer ${token}` } } : {});
  assert.equal(r.status, 200, r.text);
  assert.match(String(r.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
  return new Scrape(parsePrometheusText(r.text));
}
