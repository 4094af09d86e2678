# syntax=docker/dockerfile:1
# facelab in a container: the build stage runs the README's install and
# model build, so the image carries its models and needs no network at run
# time; the runtime stage runs as the unprivileged `node` user (uid 1000).
#
#   docker build -t facelab .
#   docker run --rm -p 8080:8080 facelab

FROM node:22-bookworm-slim AS build
WORKDIR /app
# The CUDA libraries onnxruntime-node's install script would fetch are not used (CPU inference).
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY . .
RUN npm install
RUN npm run models

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
# MALLOC_ARENA_MAX: glibc gives each thread (two workers, their helpers, ONNX Runtime's) its own malloc
# arenas; two arenas cut RSS after 100 mixed requests from 876 to 771 MB here (`npm run bench -- --memory`).
ENV NODE_ENV=production \
    PORT=8080 \
    LOG_LEVEL=info \
    MALLOC_ARENA_MAX=2
# Sources, dependencies (tsx runs the server from its TypeScript sources) and the built models, owned by root:
# the server only reads them.
COPY --from=build /app /app
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs after its model check, without npm in between, so SIGTERM reaches the server.
CMD ["node", "--import", "tsx", "--conditions=source", "apps/server/src/main.ts"]
