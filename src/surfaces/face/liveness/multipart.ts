import { Busboy } from "@fastify/busboy";
import type { FastifyInstance } from "fastify";
import { MAX_IMAGE_BYTES } from "../../../liveness/image-check.js";
import { livenessErrors } from "../../../liveness/liveness-error.js";
import { faceErrors } from "../errors.js";

/**
 * `multipart/form-data` for the liveness-with-verify create (docs/face-liveness.md#multipart), parsed
 * with busboy. The body is read into memory only up to MULTIPART_BODY_LIMIT: an image of Face's
 * maximum size plus the form's small fields. Every part is taken as bytes, with or without a
 * `filename` and whatever its content type: the real client sends `verifyImage` without a filename
 * unless its caller gives one (docs/face-liveness.md), and scalars as `text/plain` parts.
 */
export const MULTIPART_BODY_LIMIT = MAX_IMAGE_BYTES + 64 * 1024;
/** Parts of a form: the spec's ten fields and a few extra (ignored) ones. */
const MAX_PARTS = 24;
/** A scalar field's value (booleans, numbers, ids of at most 64 characters) [U]. */
export const MAX_FIELD_BYTES = 1024;

export interface FormPart {
  name: string;
  filename: string | undefined;
  contentType: string;
  data: Buffer;
  /** The part was longer than the per-part limit and was cut. */
  truncated: boolean;
}

/** A parsed form: parts by lower-cased name (names are matched case-insensitively, as ASP.NET binds them) [U]. */
export type Form = Map<string, FormPart>;

/**
 * Registers the body parser in the Face plugin: the raw body, read up to the limit and handed to the
 * route (which parses it with `parseForm`). A longer body is refused as Face refuses a too-big
 * image (InvalidImageSize), and what is left of it is drained, not kept.
 */
export function registerMultipartBody(app: FastifyInstance): void {
  app.addContentTypeParser("multipart/form-data", (req, payload, done) => {
    let settled = false;
    const finish = (err: Error | null, body?: Buffer) => {
      if (settled) return;
      settled = true;
      done(err, body);
    };
    if (Number(req.headers["content-length"]) > MULTIPART_BODY_LIMIT) {
      payload.resume(); // drain it, so that the client finishes sending and reads the answer
      return finish(faceErrors.fromLiveness(livenessErrors.imageTooBig()));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on("data", (c: Buffer) => {
      if (settled) return;
      size += c.length;
      if (size > MULTIPART_BODY_LIMIT) {
        chunks.length = 0;
        payload.resume(); // drain the rest without keeping it
        return finish(faceErrors.fromLiveness(livenessErrors.imageTooBig()));
      }
      chunks.push(c);
    });
    payload.on("end", () => finish(null, Buffer.concat(chunks)));
    payload.on("error", (e: Error) => finish(e));
  });
}

/** Parses a multipart body or throws Face's InvalidRequestBody; parts are kept raw. */
export async function parseForm(contentType: string | undefined, body: Buffer): Promise<Form> {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) throw faceErrors.invalidRequestBody();
  let bb: ReturnType<typeof Busboy>;
  try {
    bb = Busboy({
      headers: { "content-type": contentType },
      isPartAFile: () => true,
      limits: { parts: MAX_PARTS, files: MAX_PARTS, fileSize: MAX_IMAGE_BYTES + 1, fieldNameSize: 100, headerPairs: 8 },
    });
  } catch {
    throw faceErrors.invalidRequestBody(); // no boundary, or not multipart
  }
  return new Promise<Form>((resolve, reject) => {
    const form: Form = new Map();
    let failed = false;
    let pending = 0;
    let finished = false;
    const fail = () => {
      if (!failed) {
        failed = true;
        reject(faceErrors.invalidRequestBody());
      }
    };
    const settle = () => {
      if (!failed && finished && pending === 0) resolve(form);
    };
    bb.on("file", (name, stream, filename, _encoding, mimeType) => {
      pending++;
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", fail);
      stream.on("end", () => {
        pending--;
        const key = name.toLowerCase();
        // Two parts of one name are ambiguous [U].
        if (form.has(key)) fail();
        form.set(key, { name, filename, contentType: mimeType, data: Buffer.concat(chunks), truncated: stream.truncated });
        settle();
      });
    });
    for (const limit of ["partsLimit", "filesLimit", "fieldsLimit"] as const) bb.on(limit, fail);
    bb.on("error", fail);
    bb.on("finish", () => {
      finished = true;
      settle();
    });
    bb.end(body);
  });
}
