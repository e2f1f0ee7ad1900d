import { faceErrors } from "./errors.js";

/**
 * Per-resource rate limit in calls per second, a fixed one-second window as the Cognitive
 * Services gateway applies per pricing tier. Off when the limit is 0.
 */
export class FaceThrottle {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly callsPerSecond: number,
    private readonly now: () => Date,
  ) {}

  /** Counts a call; throws the Face 429 with Retry-After when the window is full. */
  take(resourceKey: string): void {
    if (this.callsPerSecond <= 0) return;
    const t = this.now().getTime();
    const second = Math.floor(t / 1000) * 1000;
    let w = this.windows.get(resourceKey);
    if (!w || w.start !== second) {
      w = { start: second, count: 0 };
      this.windows.set(resourceKey, w);
    }
    if (w.count >= this.callsPerSecond) {
      // Retry-After is in whole seconds; the window ends within one.
      throw faceErrors.rateLimited(Math.max(1, Math.ceil((second + 1000 - t) / 1000)));
    }
    w.count++;
  }
}
