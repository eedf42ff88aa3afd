// RFC 4180 quoting: a field is quoted only when it holds a comma, a double quote,
// CR or LF (pandas' default QUOTE_MINIMAL, which is how the Kaggle file was
// written); quotes inside are doubled. Rows end in CRLF as the RFC says; every
// mainstream reader also accepts it.

const NEEDS_QUOTES = /[",\r\n]/;
// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection):
// text cells get a leading apostrophe, which spreadsheets show as plain text. Numbers
// (a negative rating) are written as numbers and left alone.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | boolean | null): string {
  if (value === null) return "";
  let s = typeof value === "string" ? value : String(value);
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvRow(values: (string | number | boolean | null)[]): string {
  return values.map(csvField).join(",");
}

export const CSV_EOL = "\r\n";

/** Parses RFC 4180 text into rows of fields (for tests and scripts reading our own CSV back). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
