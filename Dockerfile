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
COPY . .
# Unpacked at build time into .tools/chromium: the node user cannot write under /app.
RUN npx --no-install tsx infra/chromium.ts
USER node
EXPOSE 3000
CMD ["npm", "run", "api"]
