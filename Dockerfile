# Build stage: the compiler and the other development packages stay here; the image gets the compiled dist/ only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
# The PDF reports' Chromium comes from the @sparticuz/chromium npm package; it links NSS, NSPR and expat.
RUN apt-get update && apt-get install -y --no-install-recommends libnss3 libexpat1 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
# glibc gives every thread its own malloc arenas; the worker's threads (workflow thread, native core) hold more
# resident memory with them (bench scale, 1,110 item-years open: 518 MB with the default, 448 MB with two, one run
# each; docs/SCALE.md).
ENV MALLOC_ARENA_MAX=2
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
# The sources stay beside the build: the migrations, the seed plan and the workflow code the worker bundles at start.
COPY . .
COPY --from=build /app/dist ./dist
# Unpacked at build time into .tools/chromium: the node user cannot write under /app.
RUN node dist/infra/chromium.js
USER node
EXPOSE 3000
# Node itself, not npm or a TypeScript loader: one process that takes the stop signal, and no transpiler in memory
# (the worker idle and polling: 154 MB resident compiled, 231 MB under tsx; infra/build.ts).
CMD ["node", "--enable-source-maps", "dist/api/main.js"]
