/**
 * A refusal from the liveness machinery, with the status, code and message Lazurite answers it
 * with. Each surface puts it in its own envelope (Face's `{error: {code, message}}` for the device
 * stand-in, Lazurite's for the admin API), so the machinery below the surfaces never builds a reply.
 */
export class LivenessError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "LivenessError";
  }
}

/** The codes the liveness machinery refuses with; sources and choices in docs/face-liveness.md. */
export const livenessErrors = {
  // Face's documented texts (reference-face-error-codes) [D].
  invalidImage: () => new LivenessError(400, "InvalidImage", "Decoding error, image format unsupported."),
  noFace: () => new LivenessError(400, "InvalidImage", "No face detected in the image."),
  imageTooSmall: () => new LivenessError(400, "InvalidImageSize", "Image size is too small."),
  imageTooBig: () => new LivenessError(400, "InvalidImageSize", "Image size is too big."),
  invalidRequestBody: () =>
    new LivenessError(400, "InvalidRequestBody", "Incorrect request body provided. Please check the operation schema and try again."),
  invalidDeviceCorrelationId: () =>
    new LivenessError(
      400,
      "InvalidDeviceCorrelationId",
      "A device correlation ID is required in the request body during session create or session start. Must not be null or empty, and be no more than 64 characters.",
    ),
  // Modelled on the device one; Azure's text is not public [U].
  invalidUserCorrelationId: () =>
    new LivenessError(
      400,
      "InvalidUserCorrelationId",
      "A user correlation ID is required in the request body during session create or session start. Must not be null or empty, and be no more than 64 characters.",
    ),
  // Recorded from the real service (recording_testdeletesession.json) [R].
  sessionNotFound: () => new LivenessError(404, "SessionNotFound", "Session Id is not found. The session id is expired or does not exist."),
  // The device stand-in is Lazurite's own API: these codes are Lazurite's [U].
  sessionFinished: (status: string) =>
    new LivenessError(409, "SessionFinished", `The session has finished with status ${status}; it accepts no more attempts.`),
  attemptsExhausted: (allowed: number) =>
    new LivenessError(403, "AttemptsExhausted", `All ${allowed} attempt(s) the session allows have been used.`),
  clientIpNotAllowed: () =>
    new LivenessError(403, "ClientIpNotAllowed", "The caller's IP address is not the session's expectedClientIpAddress."),
  invalidAttempt: (problem: string) => new LivenessError(400, "InvalidRequestBody", `Invalid attempt: ${problem}`),
};
