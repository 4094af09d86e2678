// Checks the pages @facelab/web mounts on a running server: the demo page at
// /, the explorer at /docs, every file the two pages load (the explorer's
// from swagger-ui-dist), and /openapi.json with an operation for each of the
// given services.
// usage: node check-web.mjs http://127.0.0.1:PORT "face-detector, age-estimator"
const [base, servicesArg] = process.argv.slice(2);
const fail = (message) => {
  console.error(`check-web: FAIL ${message}`);
  process.exit(1);
};
const get = async (path, type) => {
  const res = await fetch(`${base}${path}`);
  const body = await res.text();
  if (res.status !== 200 || !res.headers.get('content-type')?.startsWith(type)) fail(`GET ${path}: ${res.status} ${res.headers.get('content-type')}`);
  return body;
};

// A page passes when it and every script and stylesheet it names answer 200.
for (const page of ['/', '/docs']) {
  const html = await get(page, 'text/html');
  const files = [...html.matchAll(/(?:src|href)="([a-z][\w/.-]*\.(?:js|css))"/g)].map((m) => `/${m[1]}`);
  if (files.length === 0) fail(`GET ${page}: no script or stylesheet in the page`);
  for (const file of files) {
    const text = await get(file, file.endsWith('.js') ? 'text/javascript' : 'text/css');
    if (text.length < 100) fail(`GET ${file}: ${text.length} bytes`);
  }
}

const document = JSON.parse(await get('/openapi.json', 'application/json'));
if (!/^3\.1\./.test(document.openapi)) fail(`/openapi.json: openapi ${document.openapi}, expected 3.1.x`);
for (const service of servicesArg.split(', ')) {
  if (!document.paths?.[`/${service}/v2/process/image`]?.post) fail(`/openapi.json has no POST /${service}/v2/process/image`);
}
console.log(`check-web: ok at ${base}: /, /docs and their files, /openapi.json with ${Object.keys(document.paths).length} paths`);
