/**
 * Splits one CSV line into fields (RFC 4180 quoting: "a, b" and "" for a quote inside quotes).
 * Returns an error message instead of fields when the quoting is broken. Fields never span lines
 * in Kite's dumps, so multi-line fields are not supported.
 */
export function splitCsvLine(line: string): string[] | string {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return 'a quoted field is not closed';
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ',') return `unexpected text after a quoted field at column ${i + 1}`;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const value = comma < 0 ? line.slice(i) : line.slice(i, comma);
      if (value.includes('"')) return `a quote inside an unquoted field at column ${i + 1}`;
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}
