"""eventwire: noisy conflict news in, ACLED-style event records out, every fact traced to its source."""
__version__ = "0.1.0"
