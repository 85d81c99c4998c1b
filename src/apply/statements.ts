// The little SQL reading that applying needs beyond the parse tree (copy.ts):
// split raw SQL (a setup file, a whole-file migration) into statements with
// their lines, to run them one by one, and find the extensions and roles
// they create. It knows what decides where a statement ends in PostgreSQL:
// quotes, E'' escapes, quoted identifiers, dollar quoting, line and nested
// block comments, and parentheses. Unlike the parser it accepts any text,
// so a statement that PostgreSQL will reject still gets its own line.

export interface SqlStatement {
  /** the statement as written, comments inside it included, without its ';' */
  text: string;
  /** the same with comments and literals blanked: for keyword tests */
  code: string;
  /** 1-based line of its first character that is not blank or comment */
  line: number;
}

const IDENT = /[A-Za-z0-9_$\u0080-\uFFFF]/;

/** Splits SQL at top-level semicolons. Empty statements are dropped. */
export function splitSql(text: string, firstLine = 1): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let code = "";
  let depth = 0;
  let i = 0;
  const blank = (from: number, to: number) => text.slice(from, to).replace(/[^\n]/g, " ");
  const flush = (end: number) => {
    const raw = text.slice(start, end);
    if (code.trim() !== "") {
      const lead = code.length - code.trimStart().length;
      const line = firstLine + countLines(text, 0, start + lead);
      statements.push({ text: raw.trim(), code: code.trim(), line });
    }
    code = "";
    start = end + 1;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "-" && next === "-") {
      const end = text.indexOf("\n", i);
      const to = end === -1 ? text.length : end;
      code += blank(i, to);
      i = to;
    } else if (c === "/" && next === "*") {
      let nest = 1;
      let j = i + 2;
      while (j < text.length && nest > 0) {
        if (text[j] === "/" && text[j + 1] === "*") (nest++, (j += 2));
        else if (text[j] === "*" && text[j + 1] === "/") (nest--, (j += 2));
        else j++;
      }
      code += blank(i, j);
      i = j;
    } else if (c === "'") {
      // E'...' strings take backslash escapes; standard ones only ''.
      const escapes = (text[i - 1] === "E" || text[i - 1] === "e") && !IDENT.test(text[i - 2] ?? "");
      let j = i + 1;
      while (j < text.length) {
        if (escapes && text[j] === "\\") j += 2;
        else if (text[j] === "'" && text[j + 1] === "'") j += 2;
        else if (text[j] === "'") break;
        else j++;
      }
      code += `'${blank(i + 1, j)}'`;
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === '"' && text[j + 1] !== '"')) j += text[j] === '"' ? 2 : 1;
      code += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === "$" && !IDENT.test(text[i - 1] ?? "")) {
      const tag = /^\$([A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*)?\$/.exec(text.slice(i, i + 64));
      if (!tag) {
        code += c;
        i++;
        continue;
      }
      const close = text.indexOf(tag[0], i + tag[0].length);
      const to = close === -1 ? text.length : close + tag[0].length;
      code += `$${blank(i + 1, to - 1)}$`;
      i = to;
    } else {
      if (c === "(") depth++;
      else if (c === ")") depth = Math.max(0, depth - 1);
      if (c === ";" && depth === 0) flush(i);
      else code += c;
      i++;
    }
  }
  flush(text.length);
  return statements;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** The extensions that `CREATE EXTENSION` statements in this SQL ask for. */
export function requestedExtensions(text: string): string[] {
  const names = new Set<string>();
  for (const statement of splitSql(text)) {
    const found = /^\s*CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[A-Za-z_][\w$-]*)/i.exec(statement.code);
    if (found) names.add(found[1]!.startsWith('"') ? found[1]!.slice(1, -1).replace(/""/g, '"') : found[1]!.toLowerCase());
  }
  return [...names];
}

/** The role a `CREATE ROLE|USER|GROUP name` statement creates, or null. */
export function createdRole(statement: SqlStatement): string | null {
  const found = /^\s*CREATE\s+(?:ROLE|USER|GROUP)\s+("(?:[^"]|"")+"|[A-Za-z_][\w$]*)/i.exec(statement.code);
  if (!found) return null;
  return found[1]!.startsWith('"') ? found[1]!.slice(1, -1).replace(/""/g, '"') : found[1]!.toLowerCase();
}
