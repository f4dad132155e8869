import { writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApiDocument } from '../../src/api-document.js';

/** Where the client types live, checked in; `npm run api:types` writes them, a test fails when they are stale. */
export const API_TYPES_FILE = fileURLToPath(new URL('../../../src/client/api-types.ts', import.meta.url));

const HEADER = '// The API document as TypeScript types, made by openapi-typescript from /openapi.json. Do not edit: `npm run api:types`.\n\n';

/** The types openapi-typescript makes of a document. */
export async function apiTypesOf(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], { alphabetize: false });
  return HEADER + astToString(ast);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeFile(API_TYPES_FILE, await apiTypesOf(buildApiDocument()));
  console.log(`wrote ${API_TYPES_FILE}`);
}
