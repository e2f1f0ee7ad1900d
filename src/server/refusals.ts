import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { Socket } from "node:net";
import type { AppContext } from "../core/context.js";
import type { ServiceError } from "../core/service-error.js";
import type { ProtocolStatus } from "../core/surface.js";
import { requestTarget, surfaceFor } from "./surfaces.js";

/**
 * Refusals made before or outside a surface's routes, each in the envelope of the surface the
 * request was for: Fastify's framework errors (unparsable URL, over-long path segment), and the
 * HTTP parser's client errors (headers too large, request timeout, malformed request), which
 * arrive with only the socket and the bytes read so far.
 */

/** Unparsable URLs and over-long path segments name no operation of any surface: the surface's 404. */
export function frameworkError(ctx: AppContext) {
  return (_err: FastifyError, req: FastifyRequest, reply: FastifyReply): void => {
    const surface = surfaceFor(requestTarget(req.url, req.headers.host));
    req.surface = surface;
    surface.decorate(req, reply, ctx);
    const e = surface.errors.notFound(req);
    void reply.code(e.statusCode).headers(e.headers).send(e.body);
  };
}

const CLIENT_ERRORS: Record<string, { status: ProtocolStatus; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, message: "The request headers are too large." },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: "The request was not received in time." },
  ERR_HTTP_HEADERS_TIMEOUT: { status: 408, message: "The request headers were not received in time." },
};

/** The method, path and Host of a request the HTTP parser gave up on, read from the bytes it got. */
function peek(raw: Buffer | undefined): { method: string; url: string; host: string | undefined } {
  const head = raw ? raw.subarray(0, 8192).toString("latin1") : "";
  const line = /^([A-Z]{1,20}) (\S{1,8000}) HTTP\/1\.[01]\r?\n/.exec(head);
  const host = /\r?\nhost:[ \t]*([^\r\n]{1,300})/i.exec(head)?.[1]?.trim();
  return { method: line?.[1] ?? "GET", url: line?.[2] ?? "/", host };
}

function serialise(e: ServiceError, head: boolean): string {
  const body = head ? "" : JSON.stringify(e.body);
  const headers: Record<string, string | number> = {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(JSON.stringify(e.body)),
    ...e.headers,
    connection: "close",
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${String(v)}`);
  return `HTTP/1.1 ${e.statusCode} ${e.statusCode === 431 ? "Request Header Fields Too Large" : e.statusCode === 408 ? "Request Timeout" : "Bad Request"}\r\n${lines.join("\r\n")}\r\n\r\n${body}`;
}

/**
 * The last chunk of each connection that starts like a request line, kept so that a request the
 * parser gives up on can still be answered in its surface's envelope. One byte is looked at per
 * chunk; body chunks (JSON, forms, binary) rarely start with an upper-case letter, and a wrong
 * guess only changes the envelope of an error.
 */
const heads = new WeakMap<Socket, Buffer>();
export function rememberRequestHeads(socket: Socket): void {
  socket.on("data", (chunk: Buffer) => {
    const b = chunk[0];
    if (b !== undefined && b >= 0x41 && b <= 0x5a) heads.set(socket, chunk);
  });
}

export function clientError(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  // A reset connection has nobody to answer (Node's documented behaviour for clientError).
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const known = CLIENT_ERRORS[err.code ?? ""] ?? { status: 400 as const, message: "The request could not be parsed." };
  const { method, url, host } = peek(heads.get(socket) ?? (Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined));
  const surface = surfaceFor(requestTarget(url, host));
  const e = surface.errors.protocol(known.status, known.message);
  if (socket.writable) socket.write(serialise(e, method === "HEAD"));
  socket.destroy();
}
