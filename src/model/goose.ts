// A port of goose's SQL migration parser (github.com/pressly/goose,
// internal/sqlparser/parser.go: ParseSQLMigration, extractAnnotation and
// endsWithSemicolon). We must accept and reject exactly the files goose does,
// and split them into exactly the statements goose would send to the database,
// so this follows goose's line-by-line state machine rather than a SQL lexer:
// goose does not understand quotes, dollar quoting or /* */ comments, and
// neither may we.
//
// goose parses a file once per direction. Here one pass yields both sections;
// the notes at the Down annotation and at the end of the file say why that
// reports the same first error as goose's Up pass followed by its Down pass.
//
// Not ported: ENVSUB substitution (goose expands ${VAR} from its own
// environment while reading, which we cannot know), so statements come back
// as written; `envsub` says whether substitution was ever switched on, and a
// statement's own `envsubLines` which of its lines goose substitutes.

export interface GooseStatement {
  text: string;
  /** 1-based line of the statement's first character. */
  line: number;
  /** Present when the statement is a StatementBegin/End block (its ';' did not end it). */
  block?: true;
  /**
   * Present when its lines are not consecutive in the file (an annotation such
   * as ENVSUB OFF stands between two of them): the file line of each line of `text`.
   */
  lines?: number[];
  /** Present when ENVSUB was ON for one of its lines: goose would substitute ${VAR} there. */
  envsub?: true;
  /** With `envsub`: the 1-based file lines goose substitutes (ENVSUB works line by line). */
  envsubLines?: number[];
}

export interface GooseSection {
  /** 1-based line of the section's annotation. */
  line: number;
  statements: GooseStatement[];
}

export interface GooseProblem {
  line: number | null;
  message: string;
  hint: string;
}

export interface GooseParse {
  up: GooseSection | null;
  down: GooseSection | null;
  noTransaction: boolean;
  /** Whether ENVSUB ON was ever seen. Statements are returned unsubstituted. */
  envsub: boolean;
  /**
   * Empty when goose would accept the file. Otherwise goose's first error
   * (parsing stops there, so the sections hold only what came before it),
   * or, with `requireDown`, the missing Down section.
   */
  problems: GooseProblem[];
}

export interface GooseOptions {
  /** Report a file without a `-- +goose Down` annotation (not a goose rule). */
  requireDown?: boolean;
}

// goose's parserState, with the same seven states. The "End" states exist for
// the one line carrying `-- +goose StatementEnd`: it is processed like any
// other line but must not be written into the statement.
const enum State {
  Start,
  Up,
  StatementBeginUp,
  StatementEndUp,
  Down,
  StatementBeginDown,
  StatementEndDown,
}

const ANNOTATIONS = [
  "Up",
  "Down",
  "StatementBegin",
  "StatementEnd",
  "NO TRANSACTION",
  "ENVSUB ON",
  "ENVSUB OFF",
] as const;
type Annotation = (typeof ANNOTATIONS)[number];

const ANNOTATION_LIST = ANNOTATIONS.join(", ");
const SEMICOLON_HINT =
  "end the statement with ';' or wrap it in -- +goose StatementBegin / -- +goose StatementEnd";

// Go's unicode.IsSpace, which strings.TrimSpace and bufio.ScanWords use. It
// differs from JavaScript's \s and String.prototype.trim (no U+FEFF, adds
// U+0085), and the difference decides whether a line is blank.
const GO_SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
const LEADING_SPACE = new RegExp(`^[${GO_SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${GO_SPACE}]+$`);
const WORD_SEPARATOR = new RegExp(`[${GO_SPACE}]+`);

const trimLeft = (s: string): string => s.replace(LEADING_SPACE, "");
const trimSpace = (s: string): string => trimLeft(s).replace(TRAILING_SPACE, "");

// goose reads with bufio.Scanner and a 4 MiB buffer; a longer line makes the
// scan fail, and the whole file with it.
const MAX_LINE_BYTES = 4 * 1024 * 1024;

class AnnotationError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/**
 * goose's extractAnnotation. Called for every line that, trimmed, starts with
 * `--` and contains `+goose` anywhere (case-sensitive), so an ordinary comment
 * that merely mentions +goose is rejected too, as goose rejects it.
 */
function extractAnnotation(line: string): Annotation {
  if (line.startsWith(" ") || line.startsWith("\t")) {
    throw new AnnotationError(
      `goose annotation line is indented: ${JSON.stringify(line)}`,
      "remove the whitespace before '--' (if this is an ordinary comment, remove '+goose' from it)",
    );
  }
  // goose deletes every "--" on the line, then the first "+goose".
  let cmd = line.replaceAll("--", "").replace("+goose", "");
  if (cmd.includes("+goose")) {
    throw new AnnotationError(
      `more than one '+goose' on one line: ${JSON.stringify(line)}`,
      "put each -- +goose annotation on its own line",
    );
  }
  cmd = trimSpace(cmd);
  if (cmd === "") {
    throw new AnnotationError(
      "empty goose annotation: '+goose' is not followed by an annotation name",
      `write one of: ${ANNOTATION_LIST}`,
    );
  }
  const found = ANNOTATIONS.find((a) => equalFold(cmd, a));
  if (found === undefined) {
    throw new AnnotationError(
      `unknown goose annotation ${JSON.stringify(cmd)}`,
      `use one of: ${ANNOTATION_LIST} (any case, single spaces); if this is an ordinary comment, remove '+goose' from it`,
    );
  }
  return found;
}

/**
 * Go's strings.EqualFold against an ASCII annotation name. Under Unicode simple
 * folding two non-ASCII characters also fold onto ASCII letters: the Kelvin
 * sign onto k and the long s onto s, so goose accepts them and so do we.
 */
function equalFold(input: string, ascii: string): boolean {
  const chars = Array.from(input);
  if (chars.length !== ascii.length) return false;
  return chars.every((c, i) => {
    const t = ascii[i]!.toLowerCase();
    if (c.length === 1 && c.charCodeAt(0) < 0x80) return c.toLowerCase() === t;
    return (t === "k" && c === "\u212A") || (t === "s" && c === "\u017F");
  });
}

/**
 * goose's endsWithSemicolon: split the line into whitespace-separated words,
 * stop at the first word starting with `--`, and ask whether the last word
 * before it ends with `;`. Quotes are not understood: `'a -- b';` does not end
 * a statement, and `x;-- c` does not either (its last word ends with "c").
 */
function endsWithSemicolon(line: string): boolean {
  let prev = "";
  for (const word of line.split(WORD_SEPARATOR)) {
    if (word === "") continue;
    if (word.startsWith("--")) break;
    prev = word;
  }
  return prev.endsWith(";");
}

export function parseGoose(text: string, options: GooseOptions = {}): GooseParse {
  const result: GooseParse = { up: null, down: null, noTransaction: false, envsub: false, problems: [] };

  // bufio.ScanLines: split on \n, drop one trailing \r per line, and yield no
  // empty last line after a final newline.
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();

  let state = State.Start;
  // The statement being read: goose's bytes.Buffer, plus the line it began on.
  let buf = "";
  // The file line of each line in the buffer.
  let bufLines: number[] = [];
  // Whether ENVSUB is on now, and whether it was for a line of the buffer.
  let envsubOn = false;
  let bufEnvsub: number[] = [];
  // Where the open StatementBegin block began, for error messages.
  let blockLine = 0;

  const fail = (line: number | null, message: string, hint: string): GooseParse => {
    result.problems.push({ line, message, hint });
    return result;
  };

  // goose's cleanupStatement is strings.TrimSpace; the statement's line is
  // where its first non-blank character is.
  const pending = (): GooseStatement | null => {
    const trimmed = trimSpace(buf);
    if (trimmed === "") return null;
    const leading = buf.length - trimLeft(buf).length;
    let skipped = 0;
    for (let i = buf.indexOf("\n"); i !== -1 && i < leading; i = buf.indexOf("\n", i + 1)) skipped++;
    const lines = bufLines.slice(skipped, skipped + trimmed.split("\n").length);
    const line = lines[0]!;
    const stmt: GooseStatement = { text: trimmed, line };
    // Annotation lines inside a statement are not part of it.
    if (lines.some((n, i) => n !== line + i)) stmt.lines = lines;
    const substituted = bufEnvsub.filter((n) => n >= line);
    if (substituted.length) Object.assign(stmt, { envsub: true, envsubLines: substituted });
    return stmt;
  };

  const section = (): GooseSection => {
    const s = state === State.Up || state === State.StatementBeginUp || state === State.StatementEndUp ? result.up : result.down;
    return s!;
  };

  // Emits the buffer as a statement even when it is empty, as goose does: an
  // empty StatementBegin/End block yields "" (see State.StatementEndUp below).
  const emit = (lineNo: number, block: boolean): void => {
    const stmt: GooseStatement = pending() ?? { text: "", line: lineNo };
    if (block) stmt.block = true;
    section().statements.push(stmt);
    buf = "";
    bufEnvsub = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i]!;
    if (line.endsWith("\r")) line = line.slice(0, -1);

    // (A UTF-16 code unit is at most 3 UTF-8 bytes, so most lines skip the count.)
    if (line.length * 3 >= MAX_LINE_BYTES && Buffer.byteLength(line, "utf8") >= MAX_LINE_BYTES) {
      return fail(lineNo, "line is too long for goose to read (4 MiB or more)", "split the line into shorter lines");
    }

    // Blank lines before the Up annotation are skipped outright.
    if (state === State.Start && trimSpace(line) === "") continue;

    if (trimSpace(line).startsWith("--") && line.includes("+goose")) {
      let cmd: Annotation;
      try {
        cmd = extractAnnotation(line);
      } catch (e) {
        if (!(e instanceof AnnotationError)) throw e;
        return fail(lineNo, e.message, e.hint);
      }

      switch (cmd) {
        case "Up":
          if (state !== State.Start) {
            return fail(
              lineNo,
              `duplicate '-- +goose Up' annotation (the first is on line ${result.up!.line})`,
              "a migration has exactly one '-- +goose Up', at the top; remove this one",
            );
          }
          state = State.Up;
          result.up = { line: lineNo, statements: [] };
          continue;

        case "Down":
          switch (state) {
            case State.Up:
            case State.StatementEndUp: {
              // goose's Up pass: an Up statement still open here lacks its ';'.
              const open = pending();
              if (open) {
                return fail(
                  open.line,
                  "unexpected unfinished SQL statement before '-- +goose Down': missing semicolon?",
                  SEMICOLON_HINT,
                );
              }
              // goose's Down pass has emptied the buffer after every Up line,
              // so Down statements always start from an empty buffer; the Up
              // pass may keep whitespace here, which only it would ever see.
              buf = "";
              bufEnvsub = [];
              state = State.Down;
              result.down = { line: lineNo, statements: [] };
              continue;
            }
            // goose says "must start with '-- +goose Up'" for all of these;
            // we name the actual mistake.
            case State.Start:
              return fail(
                lineNo,
                "'-- +goose Down' before '-- +goose Up': a migration must start with '-- +goose Up'",
                "add '-- +goose Up' above the Up statements, before '-- +goose Down'",
              );
            case State.StatementBeginUp:
              return fail(
                lineNo,
                `'-- +goose Down' inside the StatementBegin block opened on line ${blockLine}: missing '-- +goose StatementEnd'`,
                "add '-- +goose StatementEnd' after the block's last line, before '-- +goose Down'",
              );
            default:
              return fail(
                lineNo,
                `duplicate '-- +goose Down' annotation (the first is on line ${result.down!.line})`,
                "a migration has at most one '-- +goose Down'; remove this one",
              );
          }

        case "StatementBegin":
          switch (state) {
            case State.Up:
            case State.StatementEndUp:
              state = State.StatementBeginUp;
              break;
            case State.Down:
            case State.StatementEndDown:
              state = State.StatementBeginDown;
              break;
            case State.Start:
              return fail(
                lineNo,
                "'-- +goose StatementBegin' before '-- +goose Up': it must come after '-- +goose Up' or '-- +goose Down'",
                "put '-- +goose Up' above the first statement",
              );
            default:
              return fail(
                lineNo,
                `nested '-- +goose StatementBegin': the block opened on line ${blockLine} is not closed`,
                "close the first block with '-- +goose StatementEnd' before opening another; blocks don't nest",
              );
          }
          // Text already buffered is not lost: it becomes the start of the
          // block's statement, as in goose.
          blockLine = lineNo;
          continue;

        case "StatementEnd":
          if (state === State.StatementBeginUp) state = State.StatementEndUp;
          else if (state === State.StatementBeginDown) state = State.StatementEndDown;
          else {
            return fail(
              lineNo,
              "'-- +goose StatementEnd' without a matching '-- +goose StatementBegin'",
              "add '-- +goose StatementBegin' before the statement's first line, or remove this line",
            );
          }
          // No `continue`: goose runs this line through the steps below, which
          // emit the block as one statement.
          break;

        case "NO TRANSACTION":
          result.noTransaction = true;
          continue;

        case "ENVSUB ON":
          result.envsub = true;
          envsubOn = true;
          continue;

        case "ENVSUB OFF":
          envsubOn = false;
          continue;
      }
    }

    // Comments and empty lines before a statement are dropped; once a
    // statement has started, everything up to its end is kept. Note that
    // `line === ""` is not trimmed: a whitespace-only line starts a statement.
    if (buf === "" && (trimSpace(line).startsWith("--") || line === "")) continue;

    if (state === State.Start) {
      // goose: "unexpected state 0 on line ...". A byte order mark is no
      // space to goose, so a file that starts with one always ends here.
      if (lineNo === 1 && line.startsWith("\uFEFF"))
        return fail(
          1,
          `the file starts with a UTF-8 byte order mark (BOM), which goose reads as part of the first line: it rejects the file ("unexpected state 0 on line \"\\ufeff${JSON.stringify(line.slice(1, 40)).slice(1)})`,
          "save the file as UTF-8 without a BOM: remove the three bytes EF BB BF at its start (in VS Code: \"UTF-8 with BOM\" in the status bar, then \"Save with Encoding\" > UTF-8)",
        );
      return fail(
        lineNo,
        "SQL before '-- +goose Up': a migration must start with '-- +goose Up'",
        "put '-- +goose Up' on its own line above the first statement",
      );
    }

    // The StatementEnd line itself is never part of the statement.
    if (state !== State.StatementEndUp && state !== State.StatementEndDown) {
      if (buf === "") bufLines = [];
      bufLines.push(lineNo);
      buf += line + "\n";
      if (envsubOn) bufEnvsub.push(lineNo);
    }

    switch (state) {
      case State.Up:
      case State.Down:
        if (endsWithSemicolon(line)) emit(lineNo, false);
        break;
      case State.StatementEndUp:
      case State.StatementEndDown:
        // Normally reached on the StatementEnd line. If the block was empty
        // (or only comments), that line was skipped as a comment above, the
        // state stays "End", and goose ends up here on the next SQL line,
        // which it drops in favour of an empty statement. We do the same.
        emit(lineNo, true);
        state = state === State.StatementEndUp ? State.Up : State.Down;
        break;
      default:
        // Inside StatementBegin/End: keep reading.
        break;
    }
  }

  // End of file. goose's Up pass checks the Up section here and its Down pass
  // the Down section; the file ends in one of them, so one check covers both.
  if (state === State.Start) {
    return fail(
      null,
      "missing '-- +goose Up' annotation: a migration must start with '-- +goose Up'",
      "add '-- +goose Up' on its own line above the Up statements",
    );
  }
  if (state === State.StatementBeginUp || state === State.StatementBeginDown) {
    return fail(
      blockLine,
      `missing '-- +goose StatementEnd' for the '-- +goose StatementBegin' on line ${blockLine}`,
      "add '-- +goose StatementEnd' on its own line after the block's last line",
    );
  }
  const open = pending();
  if (open) {
    const where = result.down ? "Down" : "Up";
    return fail(
      open.line,
      `unexpected unfinished SQL statement at the end of the file (${where} section): missing semicolon?`,
      SEMICOLON_HINT,
    );
  }

  if (options.requireDown && !result.down) {
    result.problems.push({
      line: null,
      message: "missing '-- +goose Down' section",
      hint: "add '-- +goose Down' after the Up statements, followed by statements that undo them",
    });
  }
  return result;
}
