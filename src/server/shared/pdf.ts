/*
 * pdfkit's standard Helvetica has glyphs for WinAnsi only and prints mojibake for anything else. Every PDF (poster,
 * approval letter, cash report) passes its text through here: keep what Helvetica can show, fall back to the
 * compatibility form (Ō → O, ṛ → r, № → No), else '?'. Indonesian and Balinese Latin spelling pass unchanged.
 */

const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function isWinAnsi(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(character);
}

/** The text as Helvetica can print it; line breaks are kept. */
export function winAnsiText(text: string): string {
  let out = '';
  for (const character of text.normalize('NFC')) {
    if (character === '\n' || isWinAnsi(character)) {
      out += character;
      continue;
    }
    const base = character.normalize('NFKD').replace(/\p{M}/gu, '');
    out += base !== '' && [...base].every(isWinAnsi) ? base : '?';
  }
  return out;
}

/** The bytes of a pdfkit document, once `doc.end()` has been called (call this before drawing: it listens from the start). */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
