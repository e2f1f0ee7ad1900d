import createFaceClient, { type FaceClientOptions } from "@azure-rest/ai-vision-face";
import type { TokenCredential } from "@azure/core-auth";
import { AzureKeyCredential } from "@azure/core-auth";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import { DEV } from "../../src/config/dev-defaults.js";
import type { ExchangeRecorder } from "./exchanges.js";
import type { HttpResponse } from "./http.js";
import type { TestServer } from "./server.js";

/** Helpers of the Face liveness tests: the real client, images, the device stand-in. */
export const V12 = "v1.2";
export const V13 = "v1.3-preview.1" as FaceClientOptions["apiVersion"];

export interface ClientOpts {
  apiVersion?: string | undefined;
  endpoint?: string | undefined;
  credential?: AzureKeyCredential | TokenCredential | undefined;
  recorder?: ExchangeRecorder | undefined;
}

/** The real @azure-rest/ai-vision-face client against a test server (key1 on the bare origin by default). */
export function faceClient(s: TestServer, o: ClientOpts = {}) {
  return createFaceClient(o.endpoint ?? s.url, o.credential ?? new AzureKeyCredential(DEV.faceKey1), {
    apiVersion: (o.apiVersion ?? V12) as FaceClientOptions["apiVersion"],
    tlsOptions: { ca: s.certificatePem },
    retryOptions: { maxRetries: 0 },
    ...(o.recorder ? { additionalPolicies: [{ policy: o.recorder.policy(), position: "perCall" as const }] } : {}),
  });
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/face");

/** A 640 × 480 JPEG (34,454 bytes) generated for these tests. */
export const JPEG = readFileSync(join(FIXTURES, "face-640x480.jpg"));

/** A valid PNG of the given size, written here (zlib); `noise` makes it large (incompressible). */
export function png(width: number, height: number, noise = false): Buffer {
  const row = 1 + width * 3;
  const raw = noise ? randomBytes(row * height) : Buffer.alloc(row * height, 0x80);
  for (let y = 0; y < height; y++) raw[y * row] = 0; // filter type None
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: noise ? 0 : 6 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A raw HTTPS call with a Buffer or string body (multipart bodies no helper builds). */
export function raw(
  s: TestServer,
  path: string,
  o: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<HttpResponse & { bytes: Buffer }> {
  return new Promise((ok, fail) => {
    const headers: Record<string, string | number> = { ...(o.headers ?? {}) };
    if (o.body !== undefined) headers["content-length"] = Buffer.byteLength(o.body);
    const req = request(`${s.url}${path}`, { method: o.method ?? "GET", headers, ca: s.certificatePem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString("utf8");
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        ok({ status: res.statusCode ?? 0, headers: res.headers, text, json, bytes });
      });
    });
    req.on("error", fail);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/** A multipart/form-data body as the real client writes it (lower-case part headers, `----AzSDKFormBoundary…`). */
export function multipart(
  parts: { name: string; body: string | Buffer; filename?: string; contentType?: string }[],
  boundary = `----AzSDKFormBoundary${randomBytes(8).toString("hex")}`,
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const ct = p.contentType ?? (typeof p.body === "string" ? "text/plain; charset=UTF-8" : "application/octet-stream");
    const fn = p.filename !== undefined ? `; filename=${JSON.stringify(p.filename)}` : "";
    chunks.push(
      Buffer.from(`--${boundary}\r\ncontent-type: ${ct}\r\ncontent-disposition: form-data; name=${JSON.stringify(p.name)}${fn}\r\n\r\n`),
    );
    chunks.push(typeof p.body === "string" ? Buffer.from(p.body) : p.body, Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The device stand-in: `POST /_lazurite/face/liveness/{start|attempts}` with the session's authToken. */
export function device(
  s: TestServer,
  authToken: string,
  what: "start" | "attempts",
  body?: unknown,
): Promise<HttpResponse & { bytes: Buffer }> {
  return raw(s, `/_lazurite/face/liveness/${what}`, {
    method: "POST",
    headers: { authorization: `Bearer ${authToken}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

export const DEVICE_ID = "9f05b079-ced6-6374-e65a-71fd9379bda2";
