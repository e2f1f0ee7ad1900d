import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import assert from "node:assert/strict";
import { http, type HttpOptions, type HttpResponse } from "./http.js";
import type { Exchange, OavValidator } from "./oav.js";

/**
 * Records every HTTP exchange a test makes, from real SDK pipelines (as a pipeline policy) and from
 * the raw `http()` helper, so that a final test can hand them all to oav. Reusable by any surface.
 */
export interface RecordedExchange extends Exchange {
  /** Why the exchange cannot be checked against the spec (no api-version, another version…). */
  offSpec?: string;
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text; // malformed on purpose: oav sees a string where the spec wants an object
  }
}

export class ExchangeRecorder {
  readonly exchanges: RecordedExchange[] = [];
  /** Shown with failures; set it from a beforeEach hook (`t.name`). */
  label = "";
  private invalidDepth = 0;
  private offSpecReason: string | undefined;

  /** A core-rest-pipeline policy that records what goes over the wire. Add it with `additionalPolicies`. */
  policy(): PipelinePolicy {
    return {
      name: "lazuriteExchangeRecorder",
      sendRequest: async (request, next) => {
        const response = await next(request);
        this.add(
          {
            method: request.method,
            url: request.url,
            headers: request.headers.toJSON(),
            body: typeof request.body === "string" ? request.body : undefined,
          },
          { status: response.status, headers: response.headers.toJSON(), text: response.bodyAsText ?? undefined },
        );
        return response;
      },
    };
  }

  /** A raw HTTPS call (tests of cases no client sends), recorded. */
  async http(url: string, opts: HttpOptions = {}): Promise<HttpResponse> {
    const r = await http(url, opts);
    const body = opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    this.add({ method: opts.method ?? "GET", url, headers: opts.headers ?? {}, body }, { status: r.status, headers, text: r.text });
    return r;
  }

  /** Exchanges recorded inside `fn` carry requests that break the spec on purpose: only responses must conform. */
  async invalid<T>(fn: () => PromiseLike<T>): Promise<T> {
    this.invalidDepth++;
    try {
      return await fn();
    } finally {
      this.invalidDepth--;
    }
  }

  /** Exchanges recorded inside `fn` are outside what the held spec describes (e.g. another api-version). */
  async offSpec<T>(reason: string, fn: () => PromiseLike<T>): Promise<T> {
    const before = this.offSpecReason;
    this.offSpecReason = reason;
    try {
      return await fn();
    } finally {
      this.offSpecReason = before;
    }
  }

  private add(
    req: { method: string; url: string; headers: Record<string, string>; body: string | undefined },
    res: { status: number; headers: Record<string, string>; text: string | undefined },
  ): void {
    const ct = Object.entries(res.headers).find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "";
    this.exchanges.push({
      request: { method: req.method, url: req.url, headers: req.headers, body: parseBody(req.body) },
      response: { statusCode: res.status, headers: res.headers, body: ct.includes("json") ? parseBody(res.text) : res.text || undefined },
      label: this.label,
      ...(this.invalidDepth > 0 ? { invalidRequest: true } : {}),
      ...(this.offSpecReason ? { offSpec: this.offSpecReason } : {}),
    });
  }
}

/**
 * Validates every recorded exchange the spec can describe and fails with one line per problem.
 * An exchange is checked unless it was marked off-spec or its `api-version` query differs from
 * `apiVersion` (the only version whose spec is held); each skipped one must have a reason.
 */
export async function assertConformance(
  rec: ExchangeRecorder,
  validator: OavValidator,
  apiVersion: string,
): Promise<{ checked: number; skipped: Record<string, number> }> {
  const checked: RecordedExchange[] = [];
  const skipped: Record<string, number> = {};
  for (const x of rec.exchanges) {
    const v = new URL(x.request.url).searchParams.get("api-version");
    const reason = x.offSpec ?? (v === null ? "no api-version" : v !== apiVersion ? `api-version ${v}` : undefined);
    if (reason) skipped[reason] = (skipped[reason] ?? 0) + 1;
    else checked.push(x);
  }
  assert.ok(checked.length > 0, "no exchange to validate");
  const { failures } = await validator.report(checked);
  assert.equal(
    failures,
    "",
    `oav found ${failures.split("\n").filter((l) => !l.startsWith(" ")).length} non-conforming exchange(s):\n${failures}`,
  );
  return { checked: checked.length, skipped };
}
