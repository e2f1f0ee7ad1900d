import { imageSize } from "image-size";
import type { FaceRectangle } from "../model/liveness.js";
import { livenessErrors } from "./liveness-error.js";

/**
 * Checks of an image Face receives (verifyImage, and the device stand-in's session image), with
 * Face's documented limits (docs/face-liveness.md#images): 1 KB to 6 MB [D], JPEG, PNG, GIF, BMP
 * or WEBP [D], and at least 36 × 36 pixels, the smallest face Face detects [D].
 *
 * `image-size` reads the format and dimensions from the header; on top of it Lazurite checks that
 * the container is complete (the end marker or declared length is there), so a truncated upload is
 * refused. Pixels are not decoded: corruption inside the compressed data is not noticed, and no
 * face is detected (there is no model).
 */
export const MIN_IMAGE_BYTES = 1024;
/** "no larger than 6 MB"; read as MiB [U]. */
export const MAX_IMAGE_BYTES = 6 * 1024 * 1024;
/** The smallest detectable face is 36 × 36 pixels [D identity-input-detection]. */
export const MIN_FACE_PIXELS = 36;

export type ImageFormat = "jpg" | "png" | "gif" | "bmp" | "webp";
const FORMATS: readonly string[] = ["jpg", "png", "gif", "bmp", "webp"];

export interface CheckedImage {
  format: ImageFormat;
  width: number;
  height: number;
}

/** The image's format and size, or the LivenessError Face answers it with. */
export function checkImage(bytes: Uint8Array): CheckedImage {
  if (bytes.length < MIN_IMAGE_BYTES) throw livenessErrors.imageTooSmall();
  if (bytes.length > MAX_IMAGE_BYTES) throw livenessErrors.imageTooBig();
  let size: { width: number; height: number; type?: string | undefined };
  try {
    size = imageSize(bytes);
  } catch {
    throw livenessErrors.invalidImage();
  }
  const format = size.type ?? "";
  if (!FORMATS.includes(format) || !(size.width > 0 && size.height > 0)) throw livenessErrors.invalidImage();
  if (!complete(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), format as ImageFormat)) throw livenessErrors.invalidImage();
  if (size.width < MIN_FACE_PIXELS || size.height < MIN_FACE_PIXELS) throw livenessErrors.noFace();
  return { format: format as ImageFormat, width: size.width, height: size.height };
}

/** Whether the container ends as its format says it must (a cut-off upload does not). */
function complete(b: Buffer, format: ImageFormat): boolean {
  switch (format) {
    case "jpg": {
      // Entropy-coded data never holds FF D9 (0xFF is stuffed), so the main image's last scan
      // (FF DA) must be followed by the end-of-image marker.
      const lastScan = b.lastIndexOf(Buffer.from([0xff, 0xda]));
      return lastScan > 0 && b.indexOf(Buffer.from([0xff, 0xd9]), lastScan + 2) > 0;
    }
    case "png":
      // The IEND chunk: length 0, type, CRC.
      return b.indexOf(Buffer.from("0000000049454e44ae426082", "hex"), 8) > 0;
    case "gif":
      return b.lastIndexOf(0x3b) > 12;
    case "bmp": {
      const declared = b.readUInt32LE(2);
      const pixels = b.readUInt32LE(10);
      return pixels < b.length && declared <= b.length;
    }
    case "webp":
      return b.readUInt32LE(4) + 8 <= b.length;
  }
}

/**
 * Where the face is, as far as an emulator can tell: a centred rectangle of half the width and 65 %
 * of the height, the proportions of a portrait [U]. The real service runs a detector here.
 */
export function centredFaceRectangle(img: Pick<CheckedImage, "width" | "height">): FaceRectangle {
  const width = Math.max(1, Math.round(img.width * 0.5));
  const height = Math.max(1, Math.round(img.height * 0.65));
  return { top: Math.round((img.height - height) / 2), left: Math.round((img.width - width) / 2), width, height };
}
