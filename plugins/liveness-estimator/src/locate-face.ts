/**
 * The box every liveness crop is a multiple of: the located face's
 * canonical frame (@facelab/face-fitter's framer), not the box that
 * arrived. The fitter's points on the object (process/image), or a client's
 * named points, are used as they are; a face sent with a box alone is
 * located inside it by the mesh (once per request; the mesh goes into hints
 * for later units). The frame is set by the eyes and the mouth (core
 * frameFromPoints: 1.64 x 1.88 eye-to-mouth distances, centred 0.32 of it
 * below the eyes), so a tight, loose or taller box of the same face gives
 * the same crop. Where no face is found in the box (mesh score below the
 * framer's floor), the box is used as it came.
 *
 * The training rows (train/extract.ts) go through this same function on
 * the fitted face, so the head is trained on the crops it is served.
 */
import type { BBox, ImageSource, SampleObject } from '@facelab/core';
import type { FaceFramer } from '@facelab/face-fitter';

export interface LocatedFaces {
  /** Per face, normalised [x1, y1, x2, y2]: the frame every liveness crop scales. */
  boxes: BBox[];
  /** The faces with the located mesh in hints, where it ran. */
  faces: SampleObject[];
  /** Milliseconds spent locating (0 when every face had points). */
  ms: number;
}

export async function locateFaces(framer: FaceFramer, image: ImageSource, faces: SampleObject[]): Promise<LocatedFaces> {
  const first = await framer.frames(image, faces);
  // The framer returns a face unchanged unless it located it from the box alone.
  const fromBox = faces.flatMap((f, i) => (first.faces[i] !== f ? [i] : []));
  if (fromBox.length === 0) return { boxes: first.frames.map((f) => f.box), faces: first.faces, ms: first.ms };
  // Located again from the frame it found: a loose box seeds the mesh with the face small in its crop, and the
  // framer's passes do not quite settle from there (on the demo photos a 1.3x box landed the crop up to a tenth
  // of its side away; from the frame, within a pixel or two), so the second seed no longer depends on the box.
  const again = await framer.frames(image, fromBox.map((i) => ({ ...faces[i], bbox: first.frames[i].box })));
  const boxes = first.frames.map((f) => f.box);
  const out = first.faces.slice();
  fromBox.forEach((i, k) => {
    if (again.faces[k].hints?.mesh === undefined) return;
    boxes[i] = again.frames[k].box;
    out[i] = { ...faces[i], hints: again.faces[k].hints };
  });
  return { boxes, faces: out, ms: first.ms + again.ms };
}
