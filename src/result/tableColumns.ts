import type {
  Annotation,
  AxisValue,
  PivotConfigFull,
  QueryAnnotations,
  TableColumn,
} from '../types/response';
import { mergeDeepLeft } from './objects';
import { hasMeasures } from './pivotConfig';

interface SchemaNode {
  key: AxisValue;
  children: Map<string, SchemaNode>;
}

type Fields = Omit<TableColumn, 'dataIndex' | 'children'>;

type FieldsOf = (member: AxisValue) => Fields;

/**
 * Column definitions for `tablePivot`: x members first, then the y combinations as a tree (one level
 * per y member), then measure columns when the table has no rows.
 *
 * @param firstRowY the y values of the pivot's columns, or null when the pivot has no rows.
 */
export function tableColumns(
  annotations: QueryAnnotations[],
  config: PivotConfigFull,
  firstRowY: AxisValue[][] | null,
  measures: string[] | undefined,
): TableColumn[] {
  const fieldsOf = fieldsReader(flattenAnnotations(annotations));
  const other: TableColumn[] = [];
  if (!firstRowY && hasMeasures(config.y)) {
    for (const key of measures || []) other.push({ ...fieldsOf(key), dataIndex: key });
  }
  if (!config.y.length && hasMeasures(config.x)) other.push(fixedColumn('value', 'Value'));
  const xColumns = config.x.map((key) =>
    key === 'measures' ? fixedColumn(key, 'Measures') : { ...fieldsOf(key), dataIndex: key },
  );
  return xColumns.concat(treeColumns(yTree(firstRowY ?? []), [], config, fieldsOf), other);
}

/** Every member's annotation in one record, whatever its section. */
function flattenAnnotations(annotations: QueryAnnotations[]): Record<string, Annotation> {
  // Earlier results win; sections later in this list win over earlier ones for the same member.
  const merged = annotations.reduce<QueryAnnotations>((acc, a) => mergeDeepLeft(acc, a ?? {}), {
    dimensions: {},
    measures: {},
    timeDimensions: {},
    segments: {},
  });
  const flat: Record<string, Annotation> = {};
  for (const section of Object.values(merged)) Object.assign(flat, section);
  return flat;
}

/** The column fields a member's annotation gives. */
function fieldsReader(flat: Record<string, Annotation>): FieldsOf {
  return (member) => {
    // An unknown member reads as an annotation with every field undefined, as published.
    const annotation: Annotation = flat[member as string] || {};
    const { title, shortTitle, type, currency, granularity } = annotation;
    return {
      key: member as string,
      title,
      shortTitle,
      type,
      format: annotation.format,
      meta: annotation.meta as unknown,
      currency,
      granularity: granularity?.name,
    };
  };
}

/** The y combinations as a tree, one level per y member; a value seen again keeps its subtree. */
function yTree(firstRowY: AxisValue[][]): Map<string, SchemaNode> {
  const root = new Map<string, SchemaNode>();
  for (const yValues of firstRowY) {
    let level = root;
    for (const value of yValues) {
      const id = `_${value}`;
      const children = level.get(id)?.children ?? new Map<string, SchemaNode>();
      level.set(id, { key: value, children });
      level = children;
    }
  }
  return root;
}

/** The columns of one level of the y tree, each with the columns of its subtree. */
function treeColumns(
  level: Map<string, SchemaNode>,
  path: AxisValue[],
  config: PivotConfigFull,
  fieldsOf: FieldsOf,
): TableColumn[] {
  return [...level.values()].map(({ key, children: childNodes }) => {
    const children = treeColumns(childNodes, [...path, key], config, fieldsOf);
    const axisMember = config.y[path.length];
    const memberId = axisMember === 'measures' ? key : axisMember;
    const { title, shortTitle, ...fields } = fieldsOf(memberId);
    const dimensionValue = key !== memberId || title == null ? key : '';
    const label = [title, dimensionValue].join(' ').trim();
    const short = (dimensionValue || shortTitle) as string;
    if (!children.length) {
      return {
        ...fields,
        key: key as string,
        dataIndex: [...path, key].join(),
        title: label,
        shortTitle: short,
      };
    }
    // A group column has no data of its own, so no `dataIndex` (the published type says otherwise).
    return { ...fields, key: key as string, title: label, shortTitle: short, children } as TableColumn;
  });
}

/** A column of fixed text, as the published client writes it. */
function fixedColumn(key: string, title: string): TableColumn {
  return { key, dataIndex: key, title, shortTitle: title, type: 'string' };
}
