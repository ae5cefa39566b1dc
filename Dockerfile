# Front-end libraries come from the npm registry at build time, never from the repo or a CDN.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=0
WORKDIR /app
# WeasyPrint (printed forms as PDF) draws text with pango; the CJK fonts print the Chinese forms.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY . .
COPY --from=assets /app/node_modules/chart.js/dist /app/node_modules/chart.js/dist
COPY --from=assets /app/node_modules/htmx.org/dist /app/node_modules/htmx.org/dist
# collectstatic needs no secret, but settings may refuse to load without one: give it a throw-away pair
RUN pip install --no-cache-dir . && SECRET_KEY=build-only FIELD_ENCRYPTION_KEY=build-only python manage.py collectstatic --noinput
# Not root: a worker or web process taken over cannot own the container. Media lives on a volume.
RUN useradd --system --uid 1000 --home-dir /app app && mkdir -p /data/media && chown app /data/media
USER app
EXPOSE 8000
# docker-compose overrides this for the worker and beat (scripts/healthcheck.py worker|beat)
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=3 CMD ["python", "scripts/healthcheck.py", "web"]
# gunicorn reads its settings from gunicorn.conf.py (sync workers, meant to sit behind nginx)
CMD ["gunicorn", "huitoukan.wsgi:application"]
