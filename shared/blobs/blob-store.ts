/**
 * The blob store port: a folder under the data dir on a laptop, a private S3 bucket on
 * AWS. Keys are `/`-separated paths of safe characters (see `isBlobKey`).
 */

/** Where and how a browser uploads one blob. */
export interface UploadTarget {
  method: 'PUT';
  /** Absolute (presigned S3) or relative to the site (through the app). */
  url: string;
  /** Headers the upload must carry, exactly. */
  headers: Record<string, string>;
}

/** What is known about a stored blob without reading all of it. */
export interface BlobPeek {
  size: number;
  contentType: string;
  /** The first bytes (fewer when the blob is shorter). */
  head: Uint8Array;
}

export interface BlobStore {
  /**
   * A URL a browser can PUT exactly this blob to, bound to its content type and size,
   * valid for a few minutes; undefined when the store has no such URLs and uploads go
   * through the app instead (the local folder).
   */
  presignUpload(key: string, meta: { contentType: string; size: number }): Promise<UploadTarget | undefined>;
  /**
   * Whether browsers upload through the app (true for the local folder). Where uploads go
   * straight to the store (presigned S3), the app's upload route is closed.
   */
  readonly acceptsAppUploads: boolean;
  /** Stores a new blob; `attachment.exists` (409) when the key is taken: blobs are never overwritten. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Size, type and the first `bytes` bytes of a blob; undefined when there is none. */
  peek(key: string, bytes: number): Promise<BlobPeek | undefined>;
  /** The whole blob with its type; undefined when there is none. */
  get(key: string): Promise<{ bytes: Uint8Array; contentType: string } | undefined>;
}

const segment = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Keys are 1–8 segments of letters, digits, `.`, `_`, `-`, none starting with a dot. */
export function isBlobKey(key: string): boolean {
  const parts = key.split('/');
  return parts.length <= 8 && parts.every((p) => segment.test(p));
}
