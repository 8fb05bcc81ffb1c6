# syntax=docker/dockerfile:1
# Jaga Baya API node (issue #19). Multi-stage: build with the dev dependencies, run with the production ones only,
# as a non-root user, `node dist/server/main.js` as `npm start` runs after its build. Not built on the project's
# reference machine (docker CLI without an engine): see docs/operations.md, "Containers".
#   docker build -t jagabaya .
#   docker run -e SECRET_KEY=… -e DATABASE_URL=postgres://… -p 3000:3000 jagabaya      (or deploy/compose.yaml)

ARG NODE_IMAGE=node:20-slim

# 1. Build: the server (tsc), the web app (vite) and the check-in page's script.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# better-sqlite3 builds from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Production dependencies only (native addons compiled here, against the same Node as the runtime).
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. Runtime: no compilers, no sources, no dev dependencies.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    JAGABAYA_VAR_DIR=/var/lib/jagabaya
WORKDIR /opt/jagabaya
RUN groupadd --system --gid 10001 jagabaya \
 && useradd --system --uid 10001 --gid jagabaya --home-dir /opt/jagabaya --shell /usr/sbin/nologin jagabaya \
 && mkdir -p /var/lib/jagabaya && chown jagabaya:jagabaya /var/lib/jagabaya
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY data ./data
USER jagabaya
EXPOSE 3000
# /healthz: alive (the database answers). The load balancer itself checks /readyz (ready, not draining).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: /readyz answers 503, DRAIN_SECONDS later the node stops accepting and finishes what it has.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/main.js"]
