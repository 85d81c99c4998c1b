// Kept apart from plan.ts so that `check` can validate --apply-order without
// loading the planner on the hook's fast path.
export type ApplyOrder = "suite" | "goose";
export const APPLY_ORDERS: readonly ApplyOrder[] = ["suite", "goose"];
