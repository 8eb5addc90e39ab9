"""The benchmark (`make bench`): the API against a plain-Django floor, under load, on PostgreSQL
and SQLite. See `run.py`; the floor views and their URLconf are mounted only by `bench.settings`."""
