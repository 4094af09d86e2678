// Ships the repository's models/manifest.json and models/trained/ beside the
// compiled recipes (dist/models/), where src/data.ts finds them in both layouts.
import { cpSync, mkdirSync } from 'node:fs';

const from = new URL('../../models/', import.meta.url);
const to = new URL('./dist/models/', import.meta.url);
mkdirSync(to, { recursive: true });
cpSync(new URL('manifest.json', from), new URL('manifest.json', to));
cpSync(new URL('trained/', from), new URL('trained/', to), { recursive: true });
