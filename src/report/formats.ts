export const FORMATS = ["human", "json", "github", "gitlab"] as const;
export type Format = (typeof FORMATS)[number];
