import { createHash } from "node:crypto";
import { BlockList, isIP } from "node:net";
import type { FaceResource } from "../model/entities.js";
import type { LivenessAttemptRecord, LivenessSessionImage, LivenessSessionKind, LivenessSessionRecord } from "../model/liveness.js";
import { keyOf } from "../store/collections.js";
import type { Collections, Store } from "../store/store.js";
import { imageBytes, type AttemptInput, type StartInput } from "./attempt-input.js";
import { correlationRefusals, deviceSide } from "./correlation.js";
import { centredFaceRectangle, checkImage } from "./image-check.js";
import { livenessErrors } from "./liveness-error.js";
import { newSessionImageId, PLACEHOLDER_SESSION_IMAGE } from "./session-image-id.js";

/** How long a session and its images are kept after creation [S: older TypeSpec "will expire 48 hours after it was created"]. */
export const SESSION_RETENTION_MS = 48 * 3600 * 1000;
/** The face rectangle of the recorded attempts, used when the device gives neither a rectangle nor an image [R]. */
export const DEFAULT_FACE_RECTANGLE = { top: 669, left: 203, width: 646, height: 724 } as const;
/** Face Verify's usual isIdentical threshold when the session sets none [U]. */
export const DEFAULT_VERIFY_THRESHOLD = 0.5;

type Owner = Pick<FaceResource, "subscriptionId" | "resourceGroup" | "name">;

export function ownedBy(s: Pick<LivenessSessionRecord, "subscriptionId" | "resourceGroup" | "resourceName">, f: Owner): boolean {
  return (
    keyOf.livenessScope(s.subscriptionId, s.resourceGroup, s.resourceName) ===
    keyOf.livenessScope(f.subscriptionId, f.resourceGroup, f.name)
  );
}

export function isFinished(s: Pick<LivenessSessionRecord, "status">): boolean {
  return s.status === "Succeeded" || s.status === "Failed" || s.status === "Canceled";
}

const upperSha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex").toUpperCase();

/** Whether `ip` is the expected address or inside the expected CIDR block (v1.3-preview.1 expectedClientIpAddress). */
export function ipAllowed(expected: string, ip: string): boolean {
  const plain = ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const [net, bits] = expected.split("/");
  const family = isIP(net ?? "");
  if (family === 0 || isIP(plain) === 0) return false;
  const list = new BlockList();
  const type = family === 4 ? "ipv4" : "ipv6";
  if (bits === undefined) list.addAddress(net!, type);
  else list.addSubnet(net!, Number(bits), type);
  return list.check(plain, isIP(plain) === 4 ? "ipv4" : "ipv6");
}

/** The outcome of one recorded attempt. */
export interface RecordedAttempt {
  session: LivenessSessionRecord;
  attempt: LivenessAttemptRecord;
}

/**
 * Liveness sessions as stored state (docs/face-liveness.md): creation, reads scoped to the Face
 * resource that owns them, deletion with their images, the device's start and attempts. Every
 * read-modify-write runs in one store transaction, so two attempts never lose each other. Used by
 * the Face surface (its operations and the device stand-in) and by the admin API.
 */
export class LivenessSessions {
  /** When each resource's expired sessions were last swept (bounded by the number of resources). */
  private readonly swept = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  private live(s: LivenessSessionRecord | undefined): LivenessSessionRecord | undefined {
    return s && Date.parse(s.expiresAt) > this.now().getTime() ? s : undefined;
  }

  /** A session of any resource, by id (the device stand-in and the admin API), unless expired. */
  async byId(sessionId: string): Promise<LivenessSessionRecord | undefined> {
    return this.live(await this.store.livenessSessions.get(keyOf.livenessSession(sessionId)));
  }

  /** The session `sessionId` of resource `f` and of the given kind, or undefined (another resource's is not found). */
  async find(f: Owner, sessionId: string, kind: LivenessSessionKind): Promise<LivenessSessionRecord | undefined> {
    const s = await this.byId(sessionId);
    return s && ownedBy(s, f) && s.kind === kind ? s : undefined;
  }

  async list(f?: Owner): Promise<LivenessSessionRecord[]> {
    const all = await this.store.livenessSessions.list(
      f ? { scope: keyOf.livenessScope(f.subscriptionId, f.resourceGroup, f.name) } : undefined,
    );
    return all.filter((s) => this.live(s));
  }

  async create(s: LivenessSessionRecord): Promise<void> {
    await this.store.livenessSessions.insert(s);
    await this.sweep(s);
  }

  /** Deletes a session of `f` and every image it has; false when there was none. */
  async delete(f: Owner, sessionId: string, kind: LivenessSessionKind): Promise<boolean> {
    return this.store.transaction(async (c) => {
      const s = this.live(await c.livenessSessions.get(keyOf.livenessSession(sessionId)));
      if (!s || !ownedBy(s, f) || s.kind !== kind) return false;
      await removeSession(c, s);
      return true;
    });
  }

  /** A stored session image of `f`, unless its session has expired. */
  async image(f: Owner, sessionImageId: string): Promise<LivenessSessionImage | undefined> {
    const img = await this.store.livenessSessionImages.get(keyOf.livenessSessionImage(sessionImageId));
    if (!img || !ownedBy(img, f)) return undefined;
    return (await this.byId(img.sessionId)) ? img : undefined;
  }

  /** The device starts the session: NotStarted → Running (idempotent), recording a client-set correlation id. */
  async start(sessionId: string, input: StartInput): Promise<LivenessSessionRecord> {
    return this.store.transaction(async (c) => {
      const s = this.live(await c.livenessSessions.get(keyOf.livenessSession(sessionId)));
      if (!s) throw livenessErrors.sessionNotFound();
      if (isFinished(s)) throw livenessErrors.sessionFinished(s.status);
      const next = this.started(s, input);
      if (next !== s) await c.livenessSessions.upsert(next);
      return next;
    });
  }

  private started(s: LivenessSessionRecord, input: StartInput): LivenessSessionRecord {
    const device = deviceSide(
      s.deviceCorrelationIdSetInClient,
      s.deviceCorrelationId,
      input.deviceCorrelationId,
      correlationRefusals.device,
    );
    const user = deviceSide(s.userCorrelationIdSetInClient, s.userCorrelationId, input.userCorrelationId, correlationRefusals.user);
    if (s.status !== "NotStarted" && device === undefined && user === undefined) return s;
    return {
      ...s,
      status: s.status === "NotStarted" ? "Running" : s.status,
      startedAt: s.startedAt ?? this.now().toISOString(),
      ...(device !== undefined ? { deviceCorrelationId: device } : {}),
      ...(user !== undefined ? { userCorrelationId: user } : {}),
    };
  }

  /**
   * Records one attempt, as the real service does when the client SDK sends its liveness call:
   * the session starts if it had not, the attempt gets the next id, and the session moves to
   * Succeeded on a result, or to Failed when a failed attempt used up the last one allowed.
   * `clientIp` is the device's address; `enforceIp` is false for the admin API (an operator).
   */
  async attempt(sessionId: string, input: AttemptInput, clientIp: string, enforceIp: boolean): Promise<RecordedAttempt> {
    // The image is checked before the transaction: parsing is the slow part and needs no lock.
    const bytes = imageBytes(input);
    const image = bytes ? checkImage(bytes) : undefined;
    return this.store.transaction(async (c) => {
      const found = this.live(await c.livenessSessions.get(keyOf.livenessSession(sessionId)));
      if (!found) throw livenessErrors.sessionNotFound();
      if (isFinished(found)) throw livenessErrors.sessionFinished(found.status);
      if (found.attempts.length >= found.attemptsAllowed) throw livenessErrors.attemptsExhausted(found.attemptsAllowed);
      if (enforceIp && found.expectedClientIpAddress && !ipAllowed(found.expectedClientIpAddress, clientIp)) {
        throw livenessErrors.clientIpNotAllowed();
      }
      if (input.verify && found.kind !== "livenessWithVerify") {
        throw livenessErrors.invalidAttempt("verify is for liveness-with-verify sessions only");
      }
      const s = this.started(found, input);
      const attemptId = s.attempts.length + 1;
      const now = this.now().toISOString();
      let sessionImageId: string | undefined;
      if (s.enableSessionImage) {
        sessionImageId = newSessionImageId();
        const stored: LivenessSessionImage = {
          sessionImageId,
          sessionId: s.sessionId,
          subscriptionId: s.subscriptionId,
          resourceGroup: s.resourceGroup,
          resourceName: s.resourceName,
          contentType: "application/octet-stream",
          data: (bytes ?? PLACEHOLDER_SESSION_IMAGE).toString("base64"),
          createdAt: now,
        };
        await c.livenessSessionImages.insert(stored);
      }
      const failed = input.error !== undefined;
      const attempt: LivenessAttemptRecord = {
        attemptId,
        attemptStatus: failed ? "Failed" : "Succeeded",
        ...(failed ? {} : { livenessDecision: input.livenessDecision ?? "realface" }),
        faceRectangle: input.faceRectangle ?? (image ? centredFaceRectangle(image) : { ...DEFAULT_FACE_RECTANGLE }),
        digest: upperSha256(bytes ?? `${s.sessionId}:${attemptId}`),
        ...(sessionImageId ? { sessionImageId } : {}),
        ...(s.kind === "livenessWithVerify" && !failed ? { verifyResult: verifyOutcome(s, input) } : {}),
        ...(input.error ? { error: { code: input.error.code, message: input.error.message } } : {}),
        clientIp,
        ...(s.isAbuseMonitoringEnabled
          ? {
              abuseMonitoring: {
                isAbuseDetected: input.abuseMonitoring?.isAbuseDetected ?? false,
                otherFlaggedSessions: input.abuseMonitoring?.otherFlaggedSessions ?? [],
              },
            }
          : {}),
        createdAt: now,
      };
      const attempts = [...s.attempts, attempt];
      const status = !failed ? "Succeeded" : attempts.length >= s.attemptsAllowed ? "Failed" : "Running";
      const session: LivenessSessionRecord = { ...s, attempts, status };
      await c.livenessSessions.upsert(session);
      return { session, attempt };
    });
  }

  /** Deletes the expired sessions of a resource (and their images), at most once a minute per resource. */
  private async sweep(f: Pick<LivenessSessionRecord, "subscriptionId" | "resourceGroup" | "resourceName">): Promise<void> {
    const scope = keyOf.livenessScope(f.subscriptionId, f.resourceGroup, f.resourceName);
    const t = this.now().getTime();
    if (t - (this.swept.get(scope) ?? 0) < 60_000) return;
    this.swept.set(scope, t);
    const expired = (await this.store.livenessSessions.list({ scope })).filter((s) => Date.parse(s.expiresAt) <= t);
    for (const s of expired) await this.store.transaction((c) => removeSession(c, s));
  }
}

function verifyOutcome(s: LivenessSessionRecord, input: AttemptInput): { matchConfidence: number; isIdentical: boolean } {
  const threshold = s.verify?.verifyConfidenceThreshold ?? DEFAULT_VERIFY_THRESHOLD;
  const matchConfidence = input.verify?.matchConfidence ?? (input.verify?.isIdentical === false ? 0.1 : 0.9);
  return { matchConfidence, isIdentical: input.verify?.isIdentical ?? matchConfidence >= threshold };
}

async function removeSession(c: Collections, s: LivenessSessionRecord): Promise<void> {
  const scope = keyOf.livenessImagesScope(s.subscriptionId, s.resourceGroup, s.resourceName, s.sessionId);
  for (const img of await c.livenessSessionImages.list({ scope })) {
    await c.livenessSessionImages.delete(keyOf.livenessSessionImage(img.sessionImageId));
  }
  await c.livenessSessions.delete(keyOf.livenessSession(s.sessionId));
}
