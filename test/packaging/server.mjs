// A custom build with the plugins it picks, as a user of the npm packages writes it.
import { serve } from '@hono/node-server';
import { createImageApi } from '@facelab/core';
import { createImageCodec, createOrtBackend } from '@facelab/runtime';
import { faceDetector } from '@facelab/face-detector';
import { faceFitter } from '@facelab/face-fitter';
import { ageEstimator } from '@facelab/age-estimator';

const app = await createImageApi({
  plugins: [faceDetector(), faceFitter(), ageEstimator()],
  inference: createOrtBackend({ threads: 1 }),
  imageCodec: await createImageCodec(),
});
const port = Number(process.env.PORT ?? 8080);
serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => console.log(`listening on ${port}`));
