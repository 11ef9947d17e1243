"""Settings of the load benchmark (bench/api_load.sh): the embedded defaults plus the
floor views of bench/floor.py. Never used by the application itself."""

from coalicion.settings.local import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
