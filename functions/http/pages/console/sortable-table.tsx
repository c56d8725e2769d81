import type { Child } from 'hono/jsx';
import { DataTable } from './shell';

export type SortDir = 'asc' | 'desc';

/** Which column a table is sorted by, and which way. */
export interface Sort {
  key: string;
  dir: SortDir;
}

/** One column of a sortable table: its header, its cell, and (if sortable) what to sort by. */
export interface Column<R> {
  key: string;
  label: string;
  cell: (row: R) => Child;
  /** The value rows are ordered by; a column without one is not sortable. */
  sortBy?: (row: R) => number | string;
  /** The direction of the first click: numbers show the largest first, names from 阿 to 左. */
  firstDir?: SortDir;
}

const collator = new Intl.Collator('zh-CN');

/** The sort a request asks for, if it names a sortable column (anything else: the default order). */
export function pickSort<R>(columns: readonly Column<R>[], key?: string, dir?: string): Sort | undefined {
  const column = columns.find((c) => c.key === key && c.sortBy);
  if (!column) return undefined;
  return { key: column.key, dir: dir === 'asc' || dir === 'desc' ? dir : (column.firstDir ?? 'asc') };
}

/** The rows in the order of `sort` (stable: ties keep their order, which is by code). */
export function sortRows<R>(rows: readonly R[], columns: readonly Column<R>[], sort?: Sort): R[] {
  const by = columns.find((c) => c.key === sort?.key)?.sortBy;
  if (!sort || !by) return [...rows];
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = by(a);
    const y = by(b);
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return sign * order;
  });
}

const ariaSort = { asc: 'ascending', desc: 'descending' } as const;

/**
 * A table sorted on the server: each sortable header is a link to the same page sorted by
 * it (again: the other way), with `aria-sort` on the sorted one. Reads as cards on a phone;
 * the first column is the card's title.
 */
export function SortableTable<R>(props: {
  columns: readonly Column<R>[];
  rows: readonly R[];
  sort?: Sort | undefined;
  /** The page's URL sorted by `sort`. */
  hrefOf: (sort: Sort) => string;
  rowKey: (row: R) => string;
}) {
  const { columns, sort } = props;
  return (
    <DataTable
      head={columns.map((c) => {
        const active = sort?.key === c.key ? sort.dir : undefined;
        const next: SortDir = active ? (active === 'asc' ? 'desc' : 'asc') : (c.firstDir ?? 'asc');
        return (
          <th scope="col" aria-sort={active ? ariaSort[active] : undefined} data-sort-key={c.key}>
            {c.sortBy ? (
              <a href={props.hrefOf({ key: c.key, dir: next })} class="sort">
                {c.label}
                {active ? <span aria-hidden="true">{active === 'asc' ? ' ↑' : ' ↓'}</span> : null}
              </a>
            ) : (
              c.label
            )}
          </th>
        );
      })}
    >
      {sortRows(props.rows, columns, sort).map((row) => (
        <tr data-row={props.rowKey(row)}>
          {columns.map((c, i) => (
            <td data-label={i === 0 ? undefined : c.label}>{c.cell(row)}</td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}
