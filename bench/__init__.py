"""Benchmarks: `python -m bench` (or `make bench`) times the generator and MkDocs on the BBC
corpus replicated to several sizes; see bench/__main__.py for what is measured."""
