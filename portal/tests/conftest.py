from monitoring.tests.conftest import period, poa  # noqa: F401  (the small POA, its period)
