import type { LivenessSessionKind } from "../../../model/liveness.js";
import { livenessErrors } from "../../../liveness/liveness-error.js";
import { faceErrors } from "../errors.js";
import { readCreateRequest, formFields, jsonFields } from "./create-request.js";
import { newSession } from "./create-session.js";
import { LIVENESS_DATA_ACTIONS as A } from "./data-actions.js";
import { MULTIPART_BODY_LIMIT, parseForm } from "./multipart.js";
import type { LivenessCall, LivenessOperation } from "./operation.js";
import { sessionView } from "./views.js";

/** A session id is a GUID; anything else cannot name a session (bounded before any lookup). */
const SESSION_ID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

function sessionIdOf(call: LivenessCall): string {
  const id = (call.req.params as { sessionId?: string }).sessionId ?? "";
  if (!SESSION_ID.test(id)) throw livenessErrors.sessionNotFound();
  return id.toLowerCase();
}

const always = () => true;

/** The create, get and delete of one kind of session. */
function sessionOperations(kind: LivenessSessionKind): LivenessOperation[] {
  const plain = kind === "liveness";
  const path = plain ? "/detectLiveness-sessions" : "/detectLivenessWithVerify-sessions";
  const name = plain ? "LivenessSession" : "LivenessWithVerifySession";
  return [
    {
      id: `Create${name}`,
      method: "POST",
      path,
      dataAction: plain ? A.createLivenessSession : A.createLivenessWithVerifySession,
      exists: always,
      ...(plain ? {} : { bodyLimit: MULTIPART_BODY_LIMIT }),
      async handle(call) {
        const { req, version } = call;
        let session;
        if (plain) {
          // JSON (the spec's global `consumes`) [S]; any other body is InvalidRequestBody [U].
          const r = readCreateRequest(jsonFields(req.body), version, { verify: false, form: false });
          session = await newSession(call.ctx, req, call.resource, version, kind, r);
        } else {
          // multipart/form-data with the verifyImage file [S]; a JSON body here is InvalidRequestBody [U].
          if (!Buffer.isBuffer(req.body)) throw faceErrors.invalidRequestBody();
          const form = await parseForm(req.headers["content-type"], req.body);
          const r = readCreateRequest(formFields(form), version, { verify: true, form: true });
          const image = form.get("verifyimage");
          if (!image) throw faceErrors.invalidRequestBody();
          if (image.truncated) throw livenessErrors.imageTooBig();
          session = await newSession(call.ctx, req, call.resource, version, kind, r, image.data);
        }
        await call.sessions.create(session);
        return { status: 200, body: sessionView(session, version, { created: true }) };
      },
    },
    {
      id: `Get${name}Result`,
      method: "GET",
      path: `${path}/:sessionId`,
      dataAction: plain ? A.getLivenessSession : A.getLivenessWithVerifySession,
      exists: always,
      async handle(call) {
        const s = await call.sessions.find(call.resource, sessionIdOf(call), kind);
        if (!s) throw livenessErrors.sessionNotFound();
        return { status: 200, body: sessionView(s, call.version, { created: false }) };
      },
    },
    {
      id: `Delete${name}`,
      method: "DELETE",
      path: `${path}/:sessionId`,
      dataAction: plain ? A.deleteLivenessSession : A.deleteLivenessWithVerifySession,
      exists: always,
      async handle(call) {
        // Deleting an unknown (or already deleted) session is SessionNotFound [U].
        if (!(await call.sessions.delete(call.resource, sessionIdOf(call), kind))) throw livenessErrors.sessionNotFound();
        return { status: 204 };
      },
    },
  ];
}

export const SESSION_OPERATIONS: readonly LivenessOperation[] = [
  ...sessionOperations("liveness"),
  ...sessionOperations("livenessWithVerify"),
];
