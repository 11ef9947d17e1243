# Production image: gunicorn + whitenoise for the web, the same image for Celery worker/beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=coalicion.settings.production \
    BACKUP_DIR=/app/backups

# WeasyPrint's Pango/HarfBuzz; gettext for the catalogues; PostgreSQL's client for backups
# (Debian bookworm ships 15: docker-compose.yml runs the same major version of the server).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core gettext postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Installs exactly what the lock file says (hashes checked), then the project without deps.
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY . .
# collectstatic needs settings that import; real values come from the environment at run time.
RUN SECRET_KEY=build ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.db \
    SITE_URL=https://build.invalid EMAIL_URL=consolemail:// \
    python manage.py collectstatic --noinput \
 && python manage.py compilemessages --ignore=.venv

RUN useradd --system --uid 1000 coalicion \
 && mkdir -p /app/media /app/backups /app/run \
 && chown coalicion /app/media /app/backups /app/run
USER coalicion
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "coalicion.wsgi:application"]
