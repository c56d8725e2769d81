/**
 * Text of a file a clerk saved on a Chinese Windows PC: Excel's "CSV UTF-8" (with a BOM),
 * plain UTF-8, or Excel's and WPS's default "CSV" in the ANSI code page, GBK, which
 * GB18030 contains. Bytes that are not valid UTF-8 are read as GB18030 (full ICU in
 * Node 20 and Lambda Node 22). A leading BOM is dropped.
 */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
