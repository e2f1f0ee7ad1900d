import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LiveValidator } from "oav";
import { SPECS_DIR } from "./shared.js";

/**
 * Conformance checking with Microsoft's `oav` LiveValidator (docs/sources.md#conformance-checking-with-oav), reusable by every
 * surface: build a working copy of a spec tree, check that every `$ref` in it resolves (oav drops a
 * spec with an unresolved `$ref` with nothing but a warning, docs/sources.md#pitfalls), then validate
 * recorded exchanges and report each problem in one readable line.
 */

/** Where the official spec files are (test/helpers/shared.ts: LAZURITE_SPECS_DIR or ../shared beside the repository). */
export const SHARED_SPECS = SPECS_DIR;
/** Common-types fragments kept with the tests (see test/fixtures/common-types/README.md). */
export const COMMON_TYPES_FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/common-types/resource-management");

/** One file (or directory) of the working copy; `to` is relative to the working copy's `specification/`. */
export type SpecEntry =
  | { to: string; from: string } // copy a file or a whole directory
  | { to: string; json: unknown }; // write a document

export interface Exchange {
  request: { method: string; url: string; headers?: Record<string, string>; body?: unknown };
  response: { statusCode: number; headers?: Record<string, string>; body?: unknown };
  /** Free text shown in failures: which test produced the exchange. */
  label?: string;
  /** The request is deliberately outside the spec (bad name, missing property…): only the response must conform. */
  invalidRequest?: boolean;
}

export interface ExchangeResult {
  exchange: Exchange;
  operationId: string | undefined;
  problems: string[];
}

/** A working copy laid out like azure-rest-api-specs, plus a LiveValidator over it. */
export class OavValidator {
  private constructor(
    readonly root: string,
    private readonly lv: LiveValidator,
  ) {}

  /**
   * Builds the working copy in a temp dir. `x-ms-examples` are stripped from every swagger (the
   * shared copies hold only some of the example files and oav needs none to validate traffic).
   */
  static async create(entries: SpecEntry[], swaggerPathsPattern: string[]): Promise<OavValidator> {
    const root = mkdtempSync(join(tmpdir(), "lazurite-oav-"));
    const spec = join(root, "specification");
    for (const e of entries) {
      const target = join(spec, e.to);
      mkdirSync(dirname(target), { recursive: true });
      if ("json" in e) writeFileSync(target, JSON.stringify(e.json, null, 2));
      else if (statSync(e.from).isDirectory()) cpSync(e.from, target, { recursive: true });
      else copyFileSync(e.from, target);
    }
    for (const file of jsonFiles(spec)) {
      const doc = JSON.parse(readFileSync(file, "utf8"));
      if (doc && typeof doc === "object" && "paths" in doc) {
        stripExamples(doc);
        writeFileSync(file, JSON.stringify(doc, null, 2));
      }
    }
    const unresolved = unresolvedRefs(spec);
    if (unresolved.length > 0) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`spec working copy has unresolved $refs (oav would silently drop the spec):\n  ${unresolved.join("\n  ")}`);
    }
    const lv = new LiveValidator(
      {
        directory: spec,
        swaggerPathsPattern,
        git: { shouldClone: false },
        isPathCaseSensitive: false,
        loadValidatorInBackground: false,
      },
      () => {}, // oav's own logging is noise here; every finding is returned in the results
    );
    await lv.initialize();
    if (lv.swaggerList.length === 0) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`oav loaded no swagger matching ${swaggerPathsPattern.join(", ")} under ${spec}`);
    }
    return new OavValidator(root, lv);
  }

  /** Validates one exchange; every problem (including "matched no operation") is a line in `problems`. */
  async validate(x: Exchange): Promise<ExchangeResult> {
    const r = await this.lv.validateLiveRequestResponse({
      liveRequest: {
        method: x.request.method.toLowerCase(),
        url: x.request.url,
        headers: lowerKeys(x.request.headers),
        body: x.request.body as never,
      },
      liveResponse: {
        statusCode: String(x.response.statusCode),
        headers: lowerKeys(x.response.headers),
        body: x.response.body as never,
      },
    });
    const problems: string[] = [];
    const req = r.requestValidationResult;
    const res = r.responseValidationResult;
    const found = [res.operationInfo?.operationId, req.operationInfo?.operationId].find((id) => id && id !== "unknownOperationId");
    const operationId = found ?? undefined;
    if (r.runtimeException) problems.push(`runtime: ${r.runtimeException.code} ${r.runtimeException.message}`);
    if (req.runtimeException) problems.push(`request runtime: ${req.runtimeException.code} ${req.runtimeException.message}`);
    if (res.runtimeException) problems.push(`response runtime: ${res.runtimeException.code} ${res.runtimeException.message}`);
    if (!operationId || operationId === "unknownOperationId") problems.push("matched no operation of the spec");
    const reqErrors = req.errors.map((e) => `request ${e.code} at ${e.pathsInPayload?.join(",") || "/"}: ${e.message}`);
    if (x.invalidRequest) {
      // The test meant the request to break the spec: oav must notice, or the test checks nothing.
      if (reqErrors.length === 0 && operationId !== undefined)
        problems.push("request was marked invalid but oav found nothing wrong with it");
    } else {
      problems.push(...reqErrors);
    }
    problems.push(...res.errors.map((e) => `response ${e.code} at ${e.pathsInPayload?.join(",") || "/"}: ${e.message}`));
    return { exchange: x, operationId, problems };
  }

  /** Validates all exchanges; returns a report of the failing ones (empty string = all passed). */
  async report(exchanges: Exchange[]): Promise<{ results: ExchangeResult[]; failures: string }> {
    const results: ExchangeResult[] = [];
    for (const x of exchanges) results.push(await this.validate(x));
    const failures = results
      .filter((r) => r.problems.length > 0)
      .map((r) => {
        const { request, response, label } = r.exchange;
        return `${request.method} ${request.url} → ${response.statusCode}${label ? `  [${label}]` : ""}\n    ${r.problems.join("\n    ")}\n    response body: ${JSON.stringify(response.body)?.slice(0, 400)}`;
      })
      .join("\n");
    return { results, failures };
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function lowerKeys(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? jsonFiles(p) : p.endsWith(".json") ? [p] : [];
  });
}

function stripExamples(node: unknown): void {
  if (Array.isArray(node)) node.forEach(stripExamples);
  else if (node && typeof node === "object") {
    delete (node as Record<string, unknown>)["x-ms-examples"];
    for (const v of Object.values(node)) stripExamples(v);
  }
}

/** Every `$ref` in every JSON file under `dir` whose file or JSON pointer does not exist. */
export function unresolvedRefs(dir: string): string[] {
  const cache = new Map<string, unknown>();
  const load = (file: string) => {
    if (!cache.has(file)) cache.set(file, existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined);
    return cache.get(file);
  };
  const out: string[] = [];
  for (const file of jsonFiles(dir)) {
    const visit = (node: unknown) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== "object") return;
      const ref = (node as Record<string, unknown>)["$ref"];
      if (typeof ref === "string") {
        const [path, pointer = ""] = ref.split("#");
        const target = path ? resolve(dirname(file), path) : file;
        const doc = load(target);
        if (doc === undefined || resolvePointer(doc, pointer) === undefined) out.push(`${relative(dir, file)}: ${ref}`);
      }
      for (const v of Object.values(node)) visit(v);
    };
    visit(load(file));
  }
  return [...new Set(out)];
}

function resolvePointer(doc: unknown, pointer: string): unknown {
  let cur = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!cur || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Merges `extra.definitions` / `extra.parameters` into a swagger document (for subset files). */
export function mergeSwagger(base: Record<string, any>, extra: Record<string, any>): Record<string, any> {
  return {
    ...base,
    definitions: { ...(base.definitions ?? {}), ...(extra.definitions ?? {}) },
    parameters: { ...(base.parameters ?? {}), ...(extra.parameters ?? {}) },
  };
}

export function readJson(file: string): any {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The ARM common-types every resource-manager spec in this repository needs (v1, v3, v5, v6). */
export function armCommonTypes(): SpecEntry[] {
  const ct = "common-types/resource-management";
  return [
    {
      to: `${ct}/v5/types.json`,
      json: mergeSwagger(
        readJson(join(SHARED_SPECS, ct, "v5/types.subset.json")),
        readJson(join(COMMON_TYPES_FIXTURES, "v5/types.extra.json")),
      ),
    },
    { to: `${ct}/v5/privatelinks.json`, from: join(COMMON_TYPES_FIXTURES, "v5/privatelinks.json") },
    { to: `${ct}/v6/privatelinks.json`, from: join(COMMON_TYPES_FIXTURES, "v6/privatelinks.json") },
    { to: `${ct}/v3/managedidentity.json`, from: join(COMMON_TYPES_FIXTURES, "v3/managedidentity.json") },
    { to: `${ct}/v1/types.json`, from: join(COMMON_TYPES_FIXTURES, "v1/types.json") },
  ];
}

const VIDIR = "vi/resource-manager/Microsoft.VideoIndexer/VideoIndexer";

/** A validator over the Video Indexer 2025-04-01 spec (the shared copy) and its common types. */
export function videoIndexerValidator(): Promise<OavValidator> {
  return OavValidator.create(
    [{ to: `${VIDIR}/stable/2025-04-01/vi.json`, from: join(SHARED_SPECS, VIDIR, "stable/2025-04-01/vi.json") }, ...armCommonTypes()],
    ["vi/**/vi.json"],
  );
}
