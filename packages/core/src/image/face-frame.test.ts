import { describe, expect, it } from 'vitest';
import { FRAME_CALIBRATION, frameFromPoints } from './face-frame.ts';

describe('frameFromPoints', () => {
  // An upright face on a 1000 x 500 picture: eyes 100 px apart at y = 200, mouth 80 px below their midpoint.
  const points = { left_eye: [0.45, 0.4], right_eye: [0.55, 0.4], mouth: [0.5, 0.56] } as const;

  it('puts the box below the eye midpoint, sized in eye-to-mouth units', () => {
    const frame = frameFromPoints({ ...points } as never, 1000, 500)!;
    const { centreDown, width, height } = FRAME_CALIBRATION;
    const [x1, y1, x2, y2] = frame.box;
    expect(((x1 + x2) / 2) * 1000).toBeCloseTo(500);
    expect(((y1 + y2) / 2) * 500).toBeCloseTo(200 + centreDown * 80);
    expect((x2 - x1) * 1000).toBeCloseTo(width * 80);
    expect((y2 - y1) * 500).toBeCloseTo(height * 80);
    expect(frame.eyes).toEqual([points.left_eye, points.right_eye]);
  });

  it('gives the same box size for the same face rolled by 30 degrees (the unit follows the face)', () => {
    const a = (30 * Math.PI) / 180;
    const rot = ([x, y]: readonly number[]): [number, number] => {
      const dx = x * 1000 - 500;
      const dy = y * 500 - 200;
      return [(500 + dx * Math.cos(a) - dy * Math.sin(a)) / 1000, (200 + dx * Math.sin(a) + dy * Math.cos(a)) / 500];
    };
    const rolled = frameFromPoints({ left_eye: rot(points.left_eye), right_eye: rot(points.right_eye), mouth: rot(points.mouth) }, 1000, 500)!;
    expect((rolled.box[2] - rolled.box[0]) * 1000).toBeCloseTo(FRAME_CALIBRATION.width * 80);
  });

  it('uses the mouth corners when the mouth centre is missing, and refuses faces without eyes or mouth', () => {
    const corners = frameFromPoints({ left_eye: [0.45, 0.4], right_eye: [0.55, 0.4], mouth_left: [0.47, 0.56], mouth_right: [0.53, 0.56] }, 1000, 500)!;
    expect(corners.box).toEqual(frameFromPoints({ ...points } as never, 1000, 500)!.box);
    expect(frameFromPoints({ left_eye: [0.45, 0.4], right_eye: [0.55, 0.4] }, 1000, 500)).toBeUndefined();
    // A mouth above the eyes is no face.
    expect(frameFromPoints({ left_eye: [0.45, 0.4], right_eye: [0.55, 0.4], mouth: [0.5, 0.3] }, 1000, 500)).toBeUndefined();
  });
});
