/** Pose and crop geometry on synthetic meshes: known rotations come back with the documented signs. */
import { describe, expect, it } from 'vitest';
import { cropFromMesh } from './crop.ts';
import { meshPose } from './pose.ts';
import { meshPoints, MESH_TO_POINTS } from './points.ts';

type Vec = [number, number, number];
const PAIRS = [[234, 454], [127, 356], [93, 323], [132, 361], [58, 288], [172, 397], [33, 263], [133, 362], [70, 300], [105, 334], [107, 336], [61, 291]];
const SPANS = [[10, 152], [151, 175], [9, 200]];

/** A face-like point set in the y-up, z-to-viewer frame: left-right pairs along x, forehead-chin spans along y. */
function canonical(): Vec[] {
  const points: Vec[] = Array.from({ length: 468 }, () => [0, 0, 0.2]);
  PAIRS.forEach(([a, b], i) => {
    points[a] = [-1, 0.1 * i - 0.5, 0];
    points[b] = [1, 0.1 * i - 0.5, 0];
  });
  SPANS.forEach(([u, l], i) => {
    points[u] = [0, 1.2 - 0.1 * i, -0.1 * i];
    points[l] = [0, -1.2 + 0.1 * i, -0.1 * i];
  });
  return points;
}

const rad = (d: number) => (d * Math.PI) / 180;
const rx = (t: number, [x, y, z]: Vec): Vec => [x, Math.cos(t) * y - Math.sin(t) * z, Math.sin(t) * y + Math.cos(t) * z];
const ry = (t: number, [x, y, z]: Vec): Vec => [Math.cos(t) * x + Math.sin(t) * z, y, -Math.sin(t) * x + Math.cos(t) * z];
const rz = (t: number, [x, y, z]: Vec): Vec => [Math.cos(t) * x - Math.sin(t) * y, Math.sin(t) * x + Math.cos(t) * y, z];

/** The canonical face turned by yaw, pitch, roll (R = Ry Rx Rz), as a picture-pixel mesh (y down, z away). */
function posed(yaw: number, pitch: number, roll: number): Float32Array {
  const mesh = new Float32Array(468 * 3);
  canonical().forEach((p, i) => {
    const [x, y, z] = ry(rad(yaw), rx(rad(pitch), rz(rad(roll), p)));
    mesh.set([300 + 100 * x, 200 - 100 * y, -100 * z], i * 3);
  });
  return mesh;
}

describe('meshPose', () => {
  it.each([
    [0, 0, 0],
    [30, 0, 0],
    [-25, 10, 5],
    [10, -20, -30],
    [0, 15, 40],
  ])('recovers yaw %d, pitch %d, roll %d', (yaw, pitch, roll) => {
    const pose = meshPose(posed(yaw, pitch, roll), 0);
    expect(pose.yaw).toBeCloseTo(yaw, 4);
    expect(pose.pitch).toBeCloseTo(pitch, 4);
    expect(pose.roll).toBeCloseTo(roll, 4);
  });

  it('uses the documented signs: nose to the picture right, looking down, counter-clockwise tilt', () => {
    const nose = (m: Float32Array) => [m[152 * 3] - m[10 * 3], m[152 * 3 + 1] - m[10 * 3 + 1]];
    // Turning to the subject's left brings the face's depth axis toward picture right.
    const turned = posed(20, 0, 0);
    expect(turned[454 * 3 + 2]).toBeGreaterThan(turned[234 * 3 + 2]);
    // Looking down pushes the chin away from the camera.
    const down = posed(0, 20, 0);
    expect(down[152 * 3 + 2]).toBeGreaterThan(down[10 * 3 + 2]);
    // A counter-clockwise tilt lifts the picture-right side (smaller y).
    const tilted = posed(0, 0, 20);
    expect(tilted[454 * 3 + 1]).toBeLessThan(tilted[234 * 3 + 1]);
    expect(nose(tilted)[0]).toBeGreaterThan(0);
    expect(meshPose(turned, 0).yaw).toBeGreaterThan(0);
    expect(meshPose(down, 0).pitch).toBeGreaterThan(0);
    expect(meshPose(tilted, 0).roll).toBeGreaterThan(0);
    expect(meshPose(down, 5).pitch).toBeCloseTo(15, 4);
  });
});

describe('points and crops', () => {
  it('averages the listed vertices into normalised points', () => {
    const mesh = posed(0, 0, 0);
    const points = meshPoints(mesh, 600, 400);
    const [i, j] = MESH_TO_POINTS.left_eye_left;
    expect(points.left_eye_left![0]).toBeCloseTo((mesh[i * 3] + mesh[j * 3]) / 2 / 600, 9);
    expect(Object.keys(points)).toHaveLength(21);
  });

  it('frames the re-centred crop on the mesh, levelled on the eye corners', () => {
    const crop = cropFromMesh(posed(0, 0, 20));
    expect((crop.angle * 180) / Math.PI).toBeCloseTo(-20, 4);
    expect(crop.cx).toBeCloseTo(300, 0);
    expect(crop.side).toBeGreaterThan(200 * 1.4);
  });
});
