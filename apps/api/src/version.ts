import packageJson from '../package.json' with { type: 'json' };

/** The API's release, from its package.json; the bundle inlines it. */
export const VERSION: string = packageJson.version;
