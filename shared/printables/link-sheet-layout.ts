import { a4 } from './pdf-document';

/** A rectangle in page units (points), top-left origin as pdfkit draws. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Geometry of the printed link sheet, in points with the origin at the top left of the
 * page: a header (title, issue date), a grid of village cards (2 columns × 4 rows), a
 * footer (hint, page number). Kept apart from the drawing so tests can find a card's QR
 * code on a rendered page.
 */

const margin = { side: 36, top: 34, bottom: 34 };
const headerHeight = 56;
const footerHeight = 40;
const gap = 12;

export const sheetGrid = { columns: 2, rows: 4 } as const;
export const cardsPerPage = sheetGrid.columns * sheetGrid.rows;

/** Where the header and footer lines go. */
export const sheetFrame = {
  left: margin.side,
  width: a4.width - 2 * margin.side,
  titleY: margin.top,
  subtitleY: margin.top + 24,
  headerRuleY: margin.top + headerHeight - 8,
  footerRuleY: a4.height - margin.bottom - footerHeight + 6,
  hintY: a4.height - margin.bottom - footerHeight + 14,
  pageNumberY: a4.height - margin.bottom - 10,
} as const;

const gridTop = margin.top + headerHeight;
const gridBottom = a4.height - margin.bottom - footerHeight;
const cardWidth = (sheetFrame.width - (sheetGrid.columns - 1) * gap) / sheetGrid.columns;
const cardHeight = (gridBottom - gridTop - (sheetGrid.rows - 1) * gap) / sheetGrid.rows;

/** Pages needed for `count` villages; an empty sheet still has its one page. */
export function sheetPageCount(count: number): number {
  return Math.max(1, Math.ceil(count / cardsPerPage));
}

/** The card of the `index`-th village on its page (0-based), filled row by row. */
export function cardBox(index: number): Rect {
  const slot = index % cardsPerPage;
  const col = slot % sheetGrid.columns;
  const row = Math.floor(slot / sheetGrid.columns);
  return {
    x: margin.side + col * (cardWidth + gap),
    y: gridTop + row * (cardHeight + gap),
    width: cardWidth,
    height: cardHeight,
  };
}

/** The parts of a card: the name across the top, the QR code (quiet zone included) at the
 * left, and a text column at its right for the code, the expiry and the link. */
export interface CardParts {
  readonly name: { x: number; y: number; width: number };
  readonly qr: { x: number; y: number; side: number };
  readonly text: Rect;
}

const padding = 10;
const nameBand = 28;

export function cardParts(card: Rect): CardParts {
  // The QR code's white quiet zone may lie over the card's padding; the symbol itself may not.
  const side = card.height - nameBand - 4;
  const qr = { x: card.x + 2, y: card.y + nameBand, side };
  const textX = qr.x + side + 4;
  return {
    name: { x: card.x + padding, y: card.y + padding, width: card.width - 2 * padding },
    qr,
    text: {
      x: textX,
      y: card.y + nameBand + 4,
      width: card.x + card.width - padding - textX,
      height: card.height - nameBand - 4 - padding,
    },
  };
}
