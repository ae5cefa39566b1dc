# Front-end libraries come from the npm registry at build time, never from the repo or a CDN.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=0
WORKDIR /app
COPY . .
COPY --from=assets /app/node_modules/chart.js/dist /app/node_modules/chart.js/dist
# collectstatic needs settings that load: throw-away keys for this step only, never kept in the image
RUN pip install --no-cache-dir . && SECRET_KEY=build-only FIELD_ENCRYPTION_KEY=build-only python manage.py collectstatic --noinput
EXPOSE 8000
# gunicorn reads its settings from gunicorn.conf.py (sync workers, meant to sit behind nginx)
CMD ["gunicorn", "huitoukan.wsgi:application"]
