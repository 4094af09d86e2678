// Turns v2 objects into table rows and wire JSON into readable text.

const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const percent = (x) => `${Math.round(x * 100)}%`;
const withConfidence = (value, confidence) => `${value} <small>${percent(confidence)}</small>`;

function emotionCell(emotions) {
  if (!emotions?.length) return '';
  const top = [...emotions].sort((a, b) => b.confidence - a.confidence)[0];
  return withConfidence(escape(top.emotion), top.confidence);
}

function qualityCell(quality) {
  if (!quality) return '';
  // The is_*/no_* flags that failed say why a score is low.
  const failed = Object.entries(quality)
    .filter(([key, value]) => value === false && /^(is_|no_|not_)/.test(key))
    .map(([key]) => key.replace(/^is_/, '').replaceAll('_', ' '));
  const total = typeof quality.total_score === 'number' ? quality.total_score.toFixed(2) : '';
  return `${total}${failed.length ? ` <small>not: ${failed.join(', ')}</small>` : ''}`;
}

/** One row per object; every cell the server did not fill stays empty. */
export function objectRows(objects) {
  return objects.map((o, i) => {
    const cells = [
      `#${escape(o.id ?? i)} <small>${escape(o.class ?? '')}</small>`,
      typeof o.confidence === 'number' ? percent(o.confidence) : '',
      o.age !== undefined ? escape(o.age) : '',
      o.gender ? escape(o.gender) : '',
      emotionCell(o.emotions),
      // The mask's confidence is P(mask) whatever the value; liveness gives the confidence of its value.
      o.has_medical_mask ? `${o.has_medical_mask.value ? 'mask' : 'no mask'} <small>P(mask) ${percent(o.has_medical_mask.confidence)}</small>` : '',
      o.liveness ? withConfidence(escape(o.liveness.value), o.liveness.confidence) : '',
      qualityCell(o.quality),
      o.pose ? [o.pose.yaw, o.pose.pitch, o.pose.roll].map((a) => `${Math.round(a)}°`).join(', ') : '',
    ];
    const row = document.createElement('tr');
    row.innerHTML = cells.map((cell) => `<td>${cell}</td>`).join('');
    return row;
  });
}

/** The answer as indented JSON, base64 blobs shortened to their length. */
export function rawJson(body) {
  return JSON.stringify(body, (key, value) => (key === 'blob' && typeof value === 'string' && value.length > 80 ? `<${value.length} base64 characters>` : value), 2);
}
