export type ResourceErrorKind = "not-found" | "conflict" | "invalid";

/** A declaration that refers to something missing, or clashes with something present. */
export class ResourceError extends Error {
  constructor(
    readonly kind: ResourceErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "ResourceError";
  }
}

export interface PutResult<T> {
  created: boolean;
  entity: T;
}
