import { readFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import type { AdminClient } from "./admin-client.js";
import { clientOptions, type CliIo } from "./program.js";

type Opts = Record<string, string | string[] | undefined>;

const DECISIONS = ["realface", "spoofface", "uncertain"];

function decision(v: string): string {
  if (!DECISIONS.includes(v)) throw new InvalidArgumentError(`not one of ${DECISIONS.join(", ")}`);
  return v;
}

function confidence(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError("a number from 0 to 1");
  return n;
}

function bool(v: string): boolean {
  if (v !== "true" && v !== "false") throw new InvalidArgumentError("true or false");
  return v === "true";
}

/** The attempt body the admin API takes (the same as the device stand-in's, docs/face-liveness.md#device). */
export function attemptBody(o: Opts & Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (typeof o.errorCode === "string") body.error = { code: o.errorCode, message: o.errorMessage ?? o.errorCode };
  else if (o.decision !== undefined) body.livenessDecision = o.decision;
  if (o.matchConfidence !== undefined || o.isIdentical !== undefined) {
    body.verify = {
      ...(o.matchConfidence !== undefined ? { matchConfidence: o.matchConfidence } : {}),
      ...(o.isIdentical !== undefined ? { isIdentical: o.isIdentical } : {}),
    };
  }
  if (typeof o.image === "string") body.image = readFileSync(o.image).toString("base64");
  if (o.deviceCorrelationId !== undefined) body.deviceCorrelationId = o.deviceCorrelationId;
  if (o.userCorrelationId !== undefined) body.userCorrelationId = o.userCorrelationId;
  return body;
}

/** `lazurite face session list|show|attempt`: Face liveness sessions on a running server, through the admin API. */
export function registerFaceSessionCommands(program: Command, io: Pick<CliIo, "out">, client: (o: Opts) => AdminClient): void {
  const face = program.commands.find((c) => c.name() === "face") ?? program.command("face").description("Face resources");
  const session = face.command("session").description("Face liveness sessions (the device stand-in, through the admin API)");
  const print = (v: unknown) => io.out(JSON.stringify(v, null, 2));
  const enc = encodeURIComponent;

  clientOptions(session.command("list").description("list live sessions"))
    .option("--resource <name>", "only the sessions of this Face resource")
    .action(async (o: Opts) =>
      print(await client(o).call("GET", `/face/sessions${o.resource ? `?resource=${enc(o.resource as string)}` : ""}`)),
    );

  clientOptions(session.command("show").description("show one session").argument("<sessionId>")).action(async (id: string, o: Opts) =>
    print(await client(o).call("GET", `/face/sessions/${enc(id)}`)),
  );

  clientOptions(
    session
      .command("attempt")
      .description("record one liveness attempt, as the device would")
      .argument("<sessionId>")
      .option("--decision <decision>", `livenessDecision of a result: ${DECISIONS.join(", ")} (default realface)`, decision)
      .option("--error-code <code>", "a failed attempt instead, e.g. FaceWithMaskDetected")
      .option("--error-message <text>", "its message")
      .option("--match-confidence <n>", "verify sessions: matchConfidence (0 to 1)", confidence)
      .option("--is-identical <bool>", "verify sessions: isIdentical (default: from the confidence)", bool)
      .option("--image <file>", "a JPEG or PNG file as the session image")
      .option("--device-correlation-id <id>", "when the session lets the client set it")
      .option("--user-correlation-id <id>", "when the session lets the client set it"),
  ).action(async (id: string, o: Opts) => print(await client(o).call("POST", `/face/sessions/${enc(id)}/attempts`, attemptBody(o))));
}
