/** What one export of a `.d.ts` entry is, and for a class its members by name (`static x` for statics). */
export interface SurfaceEntry {
  kind: 'class' | 'function' | 'const' | 'type' | 'value';
  members?: Map<string, 'public' | 'protected' | 'private'>;
}
/** Every export of a `.d.ts` entry by name. */
export declare function surface(file: string): Map<string, SurfaceEntry>;
/** The parity table's rows: [name, kind, status]. */
export declare function parityRows(
  official?: Map<string, SurfaceEntry>,
  ours?: Map<string, SurfaceEntry>,
): Array<[string, string, string]>;
/** The path of the published package's `index.d.ts`. */
export declare const OFFICIAL: string;
/** The path of this package's README.md. */
export declare const README: string;
/** README.md's text with its parity table replaced by one built from `rows`. */
export declare function readmeWithTable(rows: Array<[string, string, string]>): string;
