"""Settings of the load benchmarks (bench/load.sh, bench/api_load.sh): the embedded defaults
with the floor views of bench/floor.py and a header counting each request's SQL statements.
Never used by the application itself."""

from coalicion.settings.local import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# First, so that it counts the session, authentication and ATOMIC_REQUESTS statements too.
MIDDLEWARE = ["bench.middleware.count_queries", *MIDDLEWARE]  # noqa: F405
