# Production image: gunicorn + whitenoise for the web, the same image for Celery worker/beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=coalicion.settings.production

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# collectstatic needs settings that import; real values come from the environment at run time.
RUN SECRET_KEY=build ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.db \
    EMAIL_URL=consolemail:// python manage.py collectstatic --noinput \
 && python manage.py compilemessages --ignore=.venv

RUN useradd --system --uid 1000 coalicion && mkdir -p /app/media && chown coalicion /app/media
USER coalicion
EXPOSE 8000
CMD ["gunicorn", "coalicion.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
