# syntax=docker/dockerfile:1

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --gid 10001 app && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin app
COPY package.json package-lock.json ./
# No dependency needs an install script; skipping them keeps the runtime image free of build tooling.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The booking page reads its HTML and CSS from web/ at start (tsc puts only the scripts into dist/web).
COPY --from=build /app/web ./web
# Files stay root-owned, so the process cannot rewrite its own code; numeric so runAsNonRoot can verify it.
USER 10001:10001
EXPOSE 3000
# Exec form: node is PID 1 and receives SIGTERM itself, which starts the graceful drain.
CMD ["node", "dist/src/main.js"]
