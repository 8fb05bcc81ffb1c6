import { crc32, deflateSync } from 'node:zlib';

/*
 * Just enough raster drawing for the PNG poster: a greyscale canvas, filled rectangles, an upper-case 5×7 bitmap
 * font and a PNG encoder (node:zlib). Text on a PNG would otherwise need a font rasteriser (canvas, sharp,
 * fontkit + a renderer), none of which is a dependency; a bitmap font is crisp at integer scales and prints well.
 */

const GLYPH_ROWS = 7;
const GLYPH_COLUMNS = 5;
/** Advance per character in font units (5 columns of ink + 1 of spacing). */
export const GLYPH_ADVANCE = GLYPH_COLUMNS + 1;
export const GLYPH_HEIGHT = GLYPH_ROWS;

// Each glyph: 7 rows of 5 columns, '#' = ink. Upper case only; text is upper-cased before drawing.
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  D: ['###..', '#..#.', '#...#', '#...#', '#...#', '#..#.', '###..'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  F: ['#####', '#....', '#....', '####.', '#....', '#....', '#....'],
  G: ['.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  J: ['..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  K: ['#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  N: ['#...#', '#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  P: ['####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  Q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '#.#.#', '.#.#.'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
  Y: ['#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..', '..#..'],
  Z: ['#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'],
  '0': ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  '-': ['.....', '.....', '.....', '.###.', '.....', '.....', '.....'],
  '.': ['.....', '.....', '.....', '.....', '.....', '.##..', '.##..'],
  ',': ['.....', '.....', '.....', '.....', '.##..', '..#..', '.#...'],
  "'": ['..#..', '..#..', '.#...', '.....', '.....', '.....', '.....'],
  ':': ['.....', '.##..', '.##..', '.....', '.##..', '.##..', '.....'],
  '/': ['.....', '....#', '...#.', '..#..', '.#...', '#....', '.....'],
  '&': ['.##..', '#..#.', '#.#..', '.#...', '#.#.#', '#..#.', '.##.#'],
  '(': ['...#.', '..#..', '.#...', '.#...', '.#...', '..#..', '...#.'],
  ')': ['.#...', '..#..', '...#.', '...#.', '...#.', '..#..', '.#...'],
  '#': ['.#.#.', '.#.#.', '#####', '.#.#.', '#####', '.#.#.', '.#.#.'],
  '!': ['..#..', '..#..', '..#..', '..#..', '..#..', '.....', '..#..'],
  '?': ['.###.', '#...#', '....#', '...#.', '..#..', '.....', '..#..'],
  '+': ['.....', '..#..', '..#..', '#####', '..#..', '..#..', '.....'],
  '·': ['.....', '.....', '.....', '..#..', '.....', '.....', '.....'],
};

/** Upper-cases, strips diacritics (é → E) and replaces characters the font lacks with '?'. */
export function toBitmapFontText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/./gu, (character) => (GLYPHS[character] ? character : '?'));
}

export class GreyCanvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height).fill(255);
  }

  fillRect(x: number, y: number, width: number, height: number, grey: number): void {
    const left = Math.max(0, Math.floor(x));
    const top = Math.max(0, Math.floor(y));
    const right = Math.min(this.width, Math.floor(x + width));
    const bottom = Math.min(this.height, Math.floor(y + height));
    for (let row = top; row < bottom; row++) this.pixels.fill(grey, row * this.width + left, row * this.width + right);
  }

  /** Width in pixels of text at an integer scale, without the trailing spacing column. */
  static textWidth(text: string, scale: number): number {
    const length = [...toBitmapFontText(text)].length;
    return length === 0 ? 0 : (length * GLYPH_ADVANCE - 1) * scale;
  }

  drawText(text: string, x: number, y: number, scale: number, grey: number): void {
    let cursor = x;
    for (const character of toBitmapFontText(text)) {
      const glyph = GLYPHS[character] ?? [];
      glyph.forEach((row, rowIndex) => {
        for (let column = 0; column < GLYPH_COLUMNS; column++) {
          if (row[column] === '#') this.fillRect(cursor + column * scale, y + rowIndex * scale, scale, scale, grey);
        }
      });
      cursor += GLYPH_ADVANCE * scale;
    }
  }

  drawTextCentred(text: string, centreX: number, y: number, scale: number, grey: number): void {
    this.drawText(text, Math.round(centreX - GreyCanvas.textWidth(text, scale) / 2), y, scale, grey);
  }

  /** 8-bit greyscale PNG, no filtering (the image is mostly flat runs, which deflate handles well). */
  toPng(): Buffer {
    const rowLength = this.width + 1;
    const raw = Buffer.alloc(rowLength * this.height);
    for (let row = 0; row < this.height; row++) {
      raw[row * rowLength] = 0; // filter type "None"
      raw.set(this.pixels.subarray(row * this.width, (row + 1) * this.width), row * rowLength + 1);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header.set([8, 0, 0, 0, 0], 8); // bit depth 8, colour type 0 (greyscale), deflate, no filter set, no interlace
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', header),
      pngChunk('IDAT', deflateSync(raw, { level: 9 })),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
  }
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const chunk = Buffer.alloc(8 + data.length + 4);
  chunk.writeUInt32BE(data.length, 0);
  typeAndData.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  return chunk;
}

/** Greedy word wrap to at most maxLines lines of maxChars; the last line ends in "..." when text was cut. */
export function wrapForBitmapFont(text: string, maxChars: number, maxLines: number): string[] {
  const words = toBitmapFontText(text).trim().split(' ').filter((word) => word !== '');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    // Words longer than a line are split hard.
    for (let piece = word; piece.length > 0; piece = piece.slice(maxChars)) {
      const chunk = piece.slice(0, maxChars);
      if (current === '') current = chunk;
      else if (current.length + 1 + chunk.length <= maxChars) current += ` ${chunk}`;
      else {
        lines.push(current);
        current = chunk;
      }
    }
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? '';
  kept[maxLines - 1] = `${last.slice(0, Math.max(0, maxChars - 3)).trimEnd()}...`;
  return kept;
}
