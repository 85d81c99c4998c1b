import type { Model, SetModel } from "../model/model.js";

export type Severity = "error" | "warning";

/** What is wrong, where, and how to fix it. The JSON output is exactly this. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** repository-relative, `/`-separated, exactly as git names it */
  file: string;
  /** 1-based, or null when the finding is about the file as a whole */
  line: number | null;
  message: string;
  hint: string;
}

export interface RuleContext {
  model: Model;
  set: SetModel;
}

/** A rule is an id, a one-line doc, and one function from the model to findings. */
export interface Rule {
  id: string;
  doc: string;
  check(context: RuleContext): Finding[];
}

export const error = (rule: string, file: string, line: number | null, message: string, hint: string, severity: Severity = "error"): Finding => ({
  rule,
  severity,
  file,
  line,
  message,
  hint,
});
