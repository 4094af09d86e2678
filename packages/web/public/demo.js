// The demo page: analyse one photo with a service (or every face
// estimator in turn), or verify the largest faces of two photos.
import { analyseAll, listServices, processImage, verifyPair } from './api.js';
import { drawPicture, loadPicture } from './draw.js';
import { objectRows, rawJson } from './view.js';

const $ = (id) => document.getElementById(id);

function setStatus(section, element, state, text) {
  section.dataset.state = state;
  element.textContent = text;
  element.classList.toggle('error', state === 'error');
}

// Tabs.
for (const tab of document.querySelectorAll('[role=tab]')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll('[role=tab]')) {
      other.setAttribute('aria-selected', String(other === tab));
      $(other.getAttribute('aria-controls')).hidden = other !== tab;
    }
  });
}

/** Makes a drop zone accept a dropped file as well as a picked one. */
function acceptFiles(zone, input, onFile) {
  input.addEventListener('change', () => input.files[0] && onFile(input.files[0]));
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  });
}

// Analyse.
const analyse = { section: $('analyse'), status: $('analyse-status'), canvas: $('analyse-canvas'), select: $('service'), installed: [], file: undefined };

const describeService = (name) => {
  if (name === 'all') return 'face-detector-face-fitter, then every face estimator on its faces';
  const service = analyse.installed.find((s) => s.name === name);
  return service ? `units: ${service.pipeline.join(' → ')}` : '';
};

async function runAnalysis() {
  const { section, status, canvas, select, file } = analyse;
  if (!file) return;
  const service = select.value;
  $('faces').hidden = true;
  $('raw').hidden = true;
  try {
    setStatus(section, status, 'working', 'Loading the photo…');
    const picture = await loadPicture(file);
    drawPicture(canvas, picture);
    const began = performance.now();
    const sample =
      service === 'all'
        ? await analyseAll(file, analyse.installed.map((s) => s.name), (step) => setStatus(section, status, 'working', `Running ${step}…`))
        : (setStatus(section, status, 'working', `Running ${service}…`), await processImage(service, file));
    const drawn = drawPicture(canvas, picture, sample.objects);
    $('faces').tBodies[0].replaceChildren(...objectRows(sample.objects));
    $('faces').hidden = sample.objects.length === 0;
    $('raw-json').textContent = rawJson(sample);
    $('raw').hidden = false;
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    setStatus(section, status, 'done', `${sample.objects.length} object(s), ${drawn.points} landmark(s) drawn, in ${seconds} s.`);
  } catch (error) {
    setStatus(section, status, 'error', error.message);
  }
}

acceptFiles($('analyse-drop'), $('analyse-file'), (file) => {
  analyse.file = file;
  runAnalysis();
});
analyse.select.addEventListener('change', () => {
  $('service-hint').textContent = describeService(analyse.select.value);
  runAnalysis();
});

// Verify.
const verify = { section: $('verify'), status: $('verify-status'), files: {}, pictures: {} };

for (const side of ['a', 'b']) {
  acceptFiles($(`verify-drop-${side}`), $(`verify-file-${side}`), async (file) => {
    try {
      verify.pictures[side] = await loadPicture(file);
      verify.files[side] = file;
      drawPicture($(`verify-canvas-${side}`), verify.pictures[side]);
      setStatus(verify.section, verify.status, 'idle', '');
    } catch (error) {
      setStatus(verify.section, verify.status, 'error', error.message);
    }
    $('verify-run').disabled = !(verify.files.a && verify.files.b);
  });
}

$('verify-run').addEventListener('click', async () => {
  const { section, status } = verify;
  $('verdict').hidden = true;
  $('verify-raw').hidden = true;
  try {
    const { a, b, result } = await verifyPair(verify.files.a, verify.files.b, (step) => setStatus(section, status, 'working', `Running ${step}…`));
    drawPicture($('verify-canvas-a'), verify.pictures.a, [a.face]);
    drawPicture($('verify-canvas-b'), verify.pictures.b, [b.face]);
    const v = result.verification;
    // score is the calibrated probability of the same person at even prior odds.
    const same = v.score >= 0.5;
    $('verdict').className = same ? 'same' : 'different';
    $('verdict').innerHTML = `<strong>${same ? 'Likely the same person' : 'Likely different people'}</strong>: score ${v.score.toFixed(3)}, distance ${v.distance.toFixed(3)}, false accept rate at this distance ${v.fa_r.toExponential(1)}, false reject rate ${v.fr_r.toFixed(3)}`;
    $('verdict').hidden = false;
    $('verify-raw-json').textContent = rawJson(result);
    $('verify-raw').hidden = false;
    setStatus(section, status, 'done', '');
  } catch (error) {
    setStatus(section, status, 'error', error.message);
  }
});

// The services this server has; verify-matcher compares templates and has its own tab.
try {
  analyse.installed = await listServices();
  for (const service of analyse.installed.filter((s) => s.name !== 'verify-matcher')) analyse.select.add(new Option(service.name, service.name));
  $('service-hint').textContent = describeService('all');
  document.body.dataset.ready = 'true';
} catch (error) {
  setStatus(analyse.section, analyse.status, 'error', `Could not list the services: ${error.message}`);
}
