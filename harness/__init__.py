"""The one launcher of the live harnesses (fuzz, postman, e2e, tests/live, bench): `server.py`
starts the API on a fresh database, `serve.py` does it for a shell command."""
