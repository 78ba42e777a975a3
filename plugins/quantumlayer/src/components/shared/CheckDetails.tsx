import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';

/** Rows and columns shown of a list of objects; the rest is counted. */
const MAX_ROWS = 20;
const MAX_COLUMNS = 8;

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A value as short text: scalars as they are, lists joined with commas,
 * objects as `key value` pairs. Never JSON.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (isPlain(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${k} ${formatValue(v)}`)
      .join('; ');
  }
  return String(value);
}

/** `role: primary, replicas: 2` from a check's details, for one-line places. */
export function describeDetails(details?: Record<string, unknown>): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${formatValue(value)}`)
    .join(', ');
}

/** A list of objects (pollers, providers, …) as a small table. */
function ObjectList(props: { name: string; items: Plain[] }) {
  const columns = [...new Set(props.items.flatMap(Object.keys))];
  const shown = columns.slice(0, MAX_COLUMNS);
  const rows = props.items.slice(0, MAX_ROWS);
  return (
    <>
      <Table size="small" data-testid={`details-table-${props.name}`}>
        <TableHead>
          <TableRow>
            {shown.map(c => (
              <TableCell key={c}>{c}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((item, i) => (
            <TableRow key={i}>
              {shown.map(c => (
                <TableCell key={c}>{formatValue(item[c])}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {(props.items.length > rows.length || columns.length > shown.length) && (
        <Typography variant="caption" color="textSecondary">
          showing {rows.length} of {props.items.length} rows, {shown.length} of{' '}
          {columns.length} columns
        </Typography>
      )}
    </>
  );
}

/**
 * A health check's details as readable fields: the scalars and plain lists
 * on one line (`namespace: default · running: 1`), each list of objects as
 * a small table under its name.
 */
export function CheckDetails(props: { details: Record<string, unknown> }) {
  const entries = Object.entries(props.details);
  const isTable = (v: unknown): v is Plain[] =>
    Array.isArray(v) && v.length > 0 && v.every(isPlain);
  const fields = entries.filter(([, v]) => !isTable(v));
  const tables = entries.filter((e): e is [string, Plain[]] => isTable(e[1]));
  return (
    <div data-testid="check-details">
      {fields.length > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          {fields.map(([key, value], i) => (
            <span key={key}>
              {i > 0 && ' · '}
              {key}: <strong>{formatValue(value)}</strong>
            </span>
          ))}
        </Typography>
      )}
      {tables.map(([key, items]) => (
        <div key={key}>
          <Typography variant="caption" color="textSecondary" component="p">
            {key}
          </Typography>
          <ObjectList name={key} items={items} />
        </div>
      ))}
    </div>
  );
}
