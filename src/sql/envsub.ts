// goose's ENVSUB, line by line: a port of the expansion it uses
// (github.com/mfridman/interpolate, a fork of buildkite/interpolate). The
// values live in the deploy's environment, so callers give stand-ins; what
// matters here is the rest, which does not depend on them:
//   `$$` and `\$` become `$` (a `$$` dollar quote is no longer one),
//   `\\` stays, `$(` stays, a `$` ending the line stays,
//   `$NAME` and `${NAME}` expand (NAME starts with a letter),
//   `${NAME:-word}`, `${NAME-word}`, `${NAME?word}`, `${NAME:offset[:length]}`,
//   and any other `$` makes goose stop ("variable substitution failed").

export type Substituted =
  | { ok: true; text: string; variables: number; collapsedDollars: boolean }
  | { ok: false; message: string };

/** `value(name, fallback)`: the stand-in for a variable; `fallback` is the `:-`/`-` default, when written. */
export type ValueOf = (name: string, fallback: string | undefined) => string;

class ExpansionError extends Error {}

export function substituteLine(line: string, value: ValueOf): Substituted {
  const chars = Array.from(line);
  let pos = 0;
  let variables = 0;
  let collapsedDollars = false;
  const peek = () => chars[pos];
  const next = () => chars[pos++];
  const startsWith = (s: string) => chars.slice(pos, pos + s.length).join("") === s;
  const isLetter = (c: string | undefined) => c !== undefined && /^\p{L}$/u.test(c);
  const isIdent = (c: string | undefined) => c !== undefined && /^[\p{L}\p{N}_]$/u.test(c);
  const shown = (c: string | undefined) => (c === undefined ? "end of line" : c);

  const identifier = (): string => {
    if (!isLetter(peek())) throw new ExpansionError(`Expected identifier to start with a letter, got ${shown(peek())}`);
    let name = "";
    while (isIdent(peek())) name += next();
    return name;
  };

  const expression = (stop: string): string => {
    let out = "";
    for (;;) {
      const c = peek();
      if (c === undefined || stop.includes(c)) return out;
      if (startsWith("\\\\")) {
        pos += 2;
        out += "\\\\";
      } else if (startsWith("\\$") || startsWith("$$")) {
        if (startsWith("$$")) collapsedDollars = true;
        pos += 2;
        out += "$";
      } else if (startsWith("$(")) {
        pos += 2;
        out += "$(";
      } else if (c === "$" && pos < chars.length - 1) {
        out += expansion();
      } else {
        out += next();
        while (peek() !== undefined && peek() !== "$" && peek() !== "\\" && !stop.includes(peek()!)) out += next();
      }
    }
  };

  const expansion = (): string => {
    next(); // $
    if (peek() !== "{") {
      variables++;
      return value(identifier(), undefined);
    }
    next(); // {
    const name = identifier();
    variables++;
    if (peek() === "}") {
      next();
      return value(name, undefined);
    }
    const op1 = next();
    let result: string;
    if (op1 === ":" && peek() === "-") {
      next();
      result = value(name, expression("}"));
    } else if (op1 === "-") result = value(name, expression("}"));
    else if (op1 === "?") {
      expression("}");
      result = value(name, undefined);
    } else if (op1 === ":") {
      let offset = "";
      while (peek() !== undefined && peek() !== ":" && peek() !== "}") offset += next();
      if (!/^\s*-?\d+\s*$/.test(offset)) throw new ExpansionError(`Unable to parse offset: ${JSON.stringify(offset.trim())} is not a number`);
      if (peek() === ":") {
        next();
        let length = "";
        while (peek() !== undefined && peek() !== "}") length += next();
        if (!/^\s*-?\d+\s*$/.test(length)) throw new ExpansionError(`Unable to parse length: ${JSON.stringify(length.trim())} is not a number`);
      }
      result = value(name, undefined);
    } else throw new ExpansionError(`Expected an operator, got ${shown(op1)}`);
    const close = next();
    if (close !== "}") throw new ExpansionError(`Expected brace expansion to end with }, got ${shown(close)}`);
    return result;
  };

  try {
    const text = expression("");
    return { ok: true, text, variables, collapsedDollars };
  } catch (e) {
    if (e instanceof ExpansionError) return { ok: false, message: e.message };
    throw e;
  }
}
