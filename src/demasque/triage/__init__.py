"""Triage at scale: a feed of reported messages to campaigns, indicators and exports (MISP, STIX, CSV,
an HTML report), in-process or on Dask. `demasque triage FEED... --out DIR`; see docs/triage.md."""
