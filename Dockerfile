# syntax=docker/dockerfile:1
# Lazurite: one stateless instance (with --db / LAZURITE_DB) or a single instance on SQLite in /data.
# See docs/scale-out.md and compose.yaml.

FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary fits the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/bundle.mjs ./scripts/bundle.mjs
COPY src ./src
COPY ui ./ui
COPY scripts/build-ui.ts ./scripts/
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production \
    LAZURITE_HOST=0.0.0.0 \
    LAZURITE_PORT=10443 \
    LAZURITE_LOCATION=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The image's files stay root-owned (read-only to the server); only /data is writable, by the
# unprivileged `node` user (uid 1000) the server runs as.
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
EXPOSE 10443
# Liveness only (no store round trip): the load balancer checks /_lazurite/ready itself. The
# server speaks HTTPS with a certificate the container does not trust, hence rejectUnauthorized.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('https').get({host:'127.0.0.1',port:process.env.LAZURITE_PORT||10443,path:'/_lazurite/health',rejectUnauthorized:false,timeout:2500},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1)).on('timeout',()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/server/main.js"]
CMD ["start"]
