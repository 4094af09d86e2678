// Draws a picture with its objects on a canvas: boxes from the normalised
// bbox, the 21 landmarks from the normalised v2 keypoints, the id above each box.

const MAX_SIDE = 1024;

/** Loads a picked or dropped file as an image (the browser applies EXIF orientation, as the server does). */
export async function loadPicture(file) {
  const image = new Image();
  image.src = URL.createObjectURL(file);
  try {
    await image.decode();
  } catch {
    URL.revokeObjectURL(image.src);
    throw new Error(`${file.name || 'The file'} is not a picture this browser can show`);
  }
  return image;
}

/** Draws the picture scaled to fit, then the objects; returns how many boxes and points were drawn. */
export function drawPicture(canvas, image, objects = []) {
  const scale = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
  const width = Math.round(image.naturalWidth * scale);
  const height = Math.round(image.naturalHeight * scale);
  canvas.width = width;
  canvas.height = height;
  canvas.hidden = false;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0, width, height);
  const style = getComputedStyle(document.documentElement);
  const line = Math.max(2, Math.round(Math.max(width, height) / 300));
  let boxes = 0;
  let points = 0;
  for (const object of objects) {
    if (!Array.isArray(object.bbox)) continue;
    const [x1, y1, x2, y2] = object.bbox;
    ctx.strokeStyle = style.getPropertyValue('--box').trim();
    ctx.lineWidth = line;
    ctx.strokeRect(x1 * width, y1 * height, (x2 - x1) * width, (y2 - y1) * height);
    boxes++;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.font = `bold ${6 * line + 4}px system-ui, sans-serif`;
    ctx.fillText(`#${object.id ?? boxes - 1}`, x1 * width, Math.max(6 * line + 4, y1 * height - line * 2));
    ctx.fillStyle = style.getPropertyValue('--point').trim();
    for (const point of Object.values(object.keypoints ?? {})) {
      if (!point || !Array.isArray(point.proj)) continue;
      ctx.beginPath();
      ctx.arc(point.proj[0] * width, point.proj[1] * height, line * 1.2, 0, 2 * Math.PI);
      ctx.fill();
      points++;
    }
  }
  canvas.dataset.boxes = String(boxes);
  canvas.dataset.points = String(points);
  return { boxes, points };
}
