export const FORMATS = ["human", "json", "github", "gitlab", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

/** Where a report goes: stdout, or a file (--output-file); --quiet keeps a person's output to errors. */
export interface ReportOutput {
  file?: string;
  quiet?: boolean;
}
