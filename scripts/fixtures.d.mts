export const MIGRATION_NAMES: string[];
export const SUITE: string;
export const CONFIG: unknown;
export function migrationFile(version: number, name: string, width?: number): string;
export function migrationSql(name: string): string;
export function suiteGo(files: string[], options?: { lists?: number; comments?: Record<string, string> }): string;
export function incidentFiles(options?: { config?: boolean }): Record<string, string>;
export function incidentListed(): string[];
