/** Debian's Chromium, or `CHROMIUM_PATH`. */
export declare const chromiumPath: string;
/** The flags every launch uses. */
export declare const chromiumArgs: string[];
