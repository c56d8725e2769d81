declare module 'fontkit' {
  /** A parsed font; pdfkit accepts it wherever it takes font bytes (it has `layout`). */
  export interface Font {
    layout(text: string, ...rest: unknown[]): unknown;
  }
  /** Parses TTF/OTF bytes (fontkit 2). */
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
