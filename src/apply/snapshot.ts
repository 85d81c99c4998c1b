// The schema as facts read from the catalogs, and what differs between two
// such snapshots, in words. Facts are what a Down must restore: tables,
// columns (type, default, NOT NULL, identity, position), constraints, indexes
// (with their predicates), views, functions, triggers, sequences, partitions,
// types and extensions. Objects an extension owns count as the extension.
//
// They are compared within one server, but must mean the same on PostgreSQL
// 15 and 18: PostgreSQL 18 also records NOT NULL as constraints (contype
// 'n'); those are left out, as the column's "not null" already says it.
import type { Engine } from "./engine.js";

export interface Fact {
  kind: string;
  name: string;
  /** the table (or type) an object belongs to, "" for none */
  parent: string;
  attr: string;
  value: string;
}

/** object key ("index idx_x on orders") → attribute → value */
export type Schema = Map<string, { kind: string; name: string; parent: string; attrs: Map<string, string> }>;

const USER_NS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'`;
const NOT_EXT = (oid: string) => `not exists (select 1 from pg_depend e where e.objid = ${oid} and e.deptype = 'e')`;
// Names as a person writes them: "orders" in public, "audit.events" elsewhere.
const QNAME = (ns: string, rel: string) => `(case when ${ns} = 'public' then '' else quote_ident(${ns}) || '.' end || quote_ident(${rel}))`;

const QUERY = `
with rels as (
  select c.oid, c.relname, c.relkind, c.relpersistence, c.relrowsecurity, c.relpartbound, c.relispartition, ${QNAME("n.nspname", "c.relname")} as q
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where ${USER_NS} and ${NOT_EXT("c.oid")}
)
select 'extension' as kind, quote_ident(extname) as name, '' as parent, 'version' as attr, extversion as value from pg_extension
union all
select 'schema', quote_ident(n.nspname), '', 'exists', '' from pg_namespace n where ${USER_NS} and ${NOT_EXT("n.oid")}
union all
select case relkind when 'p' then 'table' when 'f' then 'foreign table' else 'table' end, q, '', a.attr, a.value
from rels r cross join lateral (values
  ('partitioned by', coalesce(pg_get_partkeydef(r.oid), '')),
  ('partition of', coalesce((select ${QNAME("pn.nspname", "p.relname")} from pg_inherits i join pg_class p on p.oid = i.inhparent join pg_namespace pn on pn.oid = p.relnamespace where i.inhrelid = r.oid and r.relispartition), '')),
  ('partition bound', coalesce(pg_get_expr(r.relpartbound, r.oid), '')),
  ('unlogged', (r.relpersistence = 'u')::text),
  ('row level security', r.relrowsecurity::text)
) as a(attr, value)
where r.relkind in ('r', 'p', 'f')
union all
select 'column', quote_ident(a.attname), r.q, x.attr, x.value
from rels r join pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
cross join lateral (values
  ('type', format_type(a.atttypid, a.atttypmod)),
  ('not null', a.attnotnull::text),
  ('default', coalesce(pg_get_expr(d.adbin, d.adrelid), '')),
  ('identity', a.attidentity::text),
  ('generated', a.attgenerated::text),
  ('position', (select count(*) from pg_attribute b where b.attrelid = a.attrelid and b.attnum > 0 and not b.attisdropped and b.attnum <= a.attnum)::text)
) as x(attr, value)
where r.relkind in ('r', 'p', 'f')
union all
select 'constraint', quote_ident(k.conname), r.q, 'definition', pg_get_constraintdef(k.oid, true)
from pg_constraint k join rels r on r.oid = k.conrelid
where k.contype in ('p', 'u', 'f', 'c', 'x')
union all
select 'index', quote_ident(ic.relname), r.q, x.attr, x.value
from pg_index i join rels ic on ic.oid = i.indexrelid join rels r on r.oid = i.indrelid
cross join lateral (values
  ('definition', regexp_replace(substring(pg_get_indexdef(i.indexrelid) from ' USING .*$'), ' WHERE .*$', '')),
  ('unique', i.indisunique::text),
  ('predicate', coalesce(pg_get_expr(i.indpred, i.indrelid, true), ''))
) as x(attr, value)
where not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x'))
union all
select case relkind when 'v' then 'view' else 'materialized view' end, q, '', 'definition', pg_get_viewdef(r.oid, true)
from rels r where r.relkind in ('v', 'm')
union all
select 'sequence', r.q, '', x.attr, x.value
from rels r join pg_sequence s on s.seqrelid = r.oid
cross join lateral (values
  ('type', format_type(s.seqtypid, null)),
  ('start', s.seqstart::text),
  ('increment', s.seqincrement::text),
  ('minimum', s.seqmin::text),
  ('maximum', s.seqmax::text),
  ('cycle', s.seqcycle::text),
  ('owned by', coalesce((select ${QNAME("tn.nspname", "t.relname")} || '.' || quote_ident(ta.attname) from pg_depend dp join pg_class t on t.oid = dp.refobjid join pg_namespace tn on tn.oid = t.relnamespace join pg_attribute ta on ta.attrelid = t.oid and ta.attnum = dp.refobjsubid where dp.objid = r.oid and dp.deptype = 'a' and dp.classid = 'pg_class'::regclass), ''))
) as x(attr, value)
where not exists (select 1 from pg_depend dp where dp.objid = r.oid and dp.deptype = 'i')
union all
select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' when 'w' then 'window function' else 'function' end,
  ${QNAME("n.nspname", "p.proname")} || '(' || pg_get_function_identity_arguments(p.oid) || ')', '', x.attr, x.value
from pg_proc p join pg_namespace n on n.oid = p.pronamespace
cross join lateral (values
  ('returns', coalesce(pg_get_function_result(p.oid), '')),
  ('language', (select lanname from pg_language l where l.oid = p.prolang)),
  ('body', coalesce(p.prosrc, '')),
  ('volatility', p.provolatile::text),
  ('security definer', p.prosecdef::text)
) as x(attr, value)
where ${USER_NS} and ${NOT_EXT("p.oid")}
union all
select 'trigger', quote_ident(t.tgname), r.q, 'definition', regexp_replace(pg_get_triggerdef(t.oid, true), '^CREATE (CONSTRAINT )?TRIGGER \\S+ ', '')
from pg_trigger t join rels r on r.oid = t.tgrelid
where not t.tgisinternal and t.tgparentid = 0
union all
select case t.typtype when 'e' then 'enum type' when 'd' then 'domain' when 'r' then 'range type' when 'm' then 'multirange type' else 'type' end,
  ${QNAME("n.nspname", "t.typname")}, '', x.attr, x.value
from pg_type t join pg_namespace n on n.oid = t.typnamespace
cross join lateral (values
  ('labels', coalesce((select string_agg(quote_literal(e.enumlabel), ', ' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid), '')),
  ('base type', case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) else '' end),
  ('not null', t.typnotnull::text),
  ('default', coalesce(t.typdefault, '')),
  ('check', coalesce((select string_agg(pg_get_constraintdef(k.oid, true), ' AND ' order by k.conname) from pg_constraint k where k.contypid = t.oid and k.contype = 'c'), '')),
  ('attributes', coalesce((select string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' order by a.attnum) from pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped), ''))
) as x(attr, value)
where ${USER_NS} and ${NOT_EXT("t.oid")}
  and (t.typtype in ('e', 'd', 'r', 'm') or (t.typtype = 'c' and exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind = 'c')))
union all
select 'policy', quote_ident(pol.polname), r.q, 'definition',
  pol.polcmd::text || ' ' || pol.polpermissive::text || ' ' || coalesce(pg_get_expr(pol.polqual, pol.polrelid, true), '') || ' / ' || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid, true), '')
from pg_policy pol join rels r on r.oid = pol.polrelid
`;

export async function snapshotSchema(engine: Engine): Promise<Schema> {
  const schema: Schema = new Map();
  for (const fact of await engine.rows<Fact>(QUERY)) {
    const key = `${fact.kind} ${fact.name}${fact.parent ? ` on ${fact.parent}` : ""}`;
    let object = schema.get(key);
    if (!object) schema.set(key, (object = { kind: fact.kind, name: fact.name, parent: fact.parent, attrs: new Map() }));
    object.attrs.set(fact.attr, fact.value);
  }
  return schema;
}

/**
 * What `actual` has that `expected` does not, in words: objects left behind,
 * objects not recreated, attributes that differ, objects under another name.
 */
export function describeDifferences(expected: Schema, actual: Schema): string[] {
  // A table gone (or left behind) takes its columns, indexes, constraints,
  // triggers and owned sequences with it: naming the table says it all.
  const tables = (from: Schema, other: Schema) =>
    new Set([...from.values()].filter((o) => o.kind === "table" && !other.has(`table ${o.name}`)).map((o) => o.name));
  const belongs = (o: Schema extends Map<string, infer V> ? V : never, gone: Set<string>) =>
    gone.has(o.parent) || (o.kind === "sequence" && gone.has((o.attrs.get("owned by") ?? "").replace(/\.[^.]*$/, "")));
  const goneTables = tables(expected, actual);
  const extraTables = tables(actual, expected);
  const missing = [...expected.keys()].filter((k) => !actual.has(k) && !belongs(expected.get(k)!, goneTables));
  const extra = new Set([...actual.keys()].filter((k) => !expected.has(k) && !belongs(actual.get(k)!, extraTables)));
  const out: string[] = [];
  for (const key of missing) {
    const was = expected.get(key)!;
    // The same object under another name (a constraint recreated as x_key2).
    const renamed = [...extra].find((k) => {
      const now = actual.get(k)!;
      return now.kind === was.kind && now.parent === was.parent && sameAttrs(now.attrs, was.attrs);
    });
    if (renamed) {
      extra.delete(renamed);
      out.push(`${key}: named ${actual.get(renamed)!.name} now`);
    } else out.push(`${key} is missing`);
  }
  for (const key of extra) out.push(`${key} is left behind`);
  for (const [key, was] of expected) {
    const now = actual.get(key);
    if (!now) continue;
    for (const [attr, value] of was.attrs) {
      const current = now.attrs.get(attr) ?? "";
      if (current === value) continue;
      if (attr === "body") out.push(`${key}: body differs`);
      else out.push(`${key}: ${attr} ${shown(current)}, was ${shown(value)}`);
    }
  }
  return out.sort();
}

const shown = (value: string) => (value === "" ? "(none)" : value);

function sameAttrs(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}
