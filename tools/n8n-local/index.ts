/** Library entry: run the packed n8n-nodes-polar-billing in a real local n8n (see cli.ts for `npm start`). */
export * from './api';
export * from './ensure';
export * from './fixtures';
export * from './http';
export * from './install';
export * from './log';
export * from './pack';
export * from './ports';
export * from './prepare';
export * from './processes';
export * from './server';
export * from './settings';
export * from './versions';
export * from './wait';
