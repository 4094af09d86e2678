import { describe, expect, it } from 'vitest';
import { parseServerTiming, routeLabels } from './route-labels.ts';

describe('routeLabels', () => {
  it('names the service, version and route of the contract paths', () => {
    expect(routeLabels('/face-detector/v2/process/image', 200)).toEqual({ service: 'face-detector', version: 'v2', route: 'process/image' });
    expect(routeLabels('/age-estimator/process/sample', 422)).toEqual({ service: 'age-estimator', version: 'v1', route: 'process/sample' });
  });

  it('keeps the number of label values bounded', () => {
    expect(routeLabels('/made-up-name/v1/process/image', 404).service).toBe('unknown');
    expect(routeLabels('/face-detector/v9/process/image', 404)).toEqual({ service: '', version: '', route: 'other' });
    expect(routeLabels('/wp-admin/setup.php', 404).route).toBe('other');
    expect(routeLabels('/health', 200).route).toBe('health');
    expect(routeLabels('/', 200).route).toBe('index');
  });
});

describe('parseServerTiming', () => {
  it('reads each name and duration, skipping entries without one', () => {
    expect([...parseServerTiming('detect;dur=37.1, fit;dur=28, cache;desc="hit", total;dur=90.2')]).toEqual([
      ['detect', 37.1],
      ['fit', 28],
      ['total', 90.2],
    ]);
    expect(parseServerTiming(null).size).toBe(0);
  });
});
