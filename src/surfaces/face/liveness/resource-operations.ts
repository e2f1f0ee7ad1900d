import { livenessErrors } from "../../../liveness/liveness-error.js";
import { isSessionImageId } from "../../../liveness/session-image-id.js";
import { ResourceService } from "../../../resources/resource-service.js";
import { faceErrors } from "../errors.js";
import { LIVENESS_DATA_ACTIONS as A } from "./data-actions.js";
import type { LivenessOperation } from "./operation.js";
import { settingsView } from "./views.js";

/** `GET /sessionImages/{id}` and the v1.3-preview.1 `/settings` pair. */
export const RESOURCE_OPERATIONS: readonly LivenessOperation[] = [
  {
    id: "GetSessionImage",
    method: "GET",
    path: "/sessionImages/:sessionImageId",
    dataAction: A.getSessionImage,
    exists: () => true,
    async handle(call) {
      const id = (call.req.params as { sessionImageId?: string }).sessionImageId ?? "";
      const img = isSessionImageId(id) ? await call.sessions.image(call.resource, id) : undefined;
      // No documented code for an unknown image: the image lives and dies with its session [U].
      if (!img) throw livenessErrors.sessionNotFound();
      // As recorded: octet-stream, an attachment named {id}.jpg, the filename unquoted [R].
      call.reply
        .type("application/octet-stream")
        .header("content-disposition", `attachment; filename=${id}.jpg; filename*=UTF-8''${id}.jpg`);
      return { status: 200, body: Buffer.from(img.data, "base64") };
    },
  },
  {
    id: "GetSettings",
    method: "GET",
    path: "/settings",
    dataAction: A.getSettings,
    exists: (v) => v.settings,
    async handle(call) {
      // Off until PATCHed: the examples show only `true`; a new resource has nothing enabled [U].
      return { status: 200, body: settingsView(call.resource.livenessAbuseMonitoring === true) };
    },
  },
  {
    id: "PatchSettings",
    method: "PATCH",
    path: "/settings",
    dataAction: A.patchSettings,
    exists: (v) => v.settings,
    async handle(call) {
      const body = call.req.body;
      const obj = (x: unknown): x is Record<string, unknown> =>
        typeof x === "object" && x !== null && !Array.isArray(x) && !Buffer.isBuffer(x);
      if (!obj(body)) throw faceErrors.invalidRequestBody();
      const setting = body.livenessAbuseMonitoring;
      if (setting !== undefined && setting !== null && !obj(setting)) throw faceErrors.invalidRequestBody();
      const enabled = obj(setting) ? setting.enabled : undefined;
      if (enabled !== undefined && enabled !== null && typeof enabled !== "boolean") throw faceErrors.invalidRequestBody();
      let current = call.resource.livenessAbuseMonitoring === true;
      if (typeof enabled === "boolean") {
        const f = call.resource;
        current =
          (await call.ctx.store.transaction((c) => new ResourceService(c, call.ctx.now).setFaceLivenessAbuseMonitoring(f, enabled)))
            .livenessAbuseMonitoring === true;
      }
      return { status: 200, body: settingsView(current) };
    },
  },
];
