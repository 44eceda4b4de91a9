"""Settings, declared once with name, default and help: shipped defaults, then the user's
file (`eventwire.toml` in the working directory, or the file named by EVENTWIRE_CONFIG),
then command-line flags, in that order."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "eventwire.db", "SQLite database file that ingest writes and events/export/serve read."),
    Setting("max_bytes", 50_000_000, "Largest input file read, in bytes; larger files are skipped with a reason."),
    Setting("places", [], "CSV files of the user's own places and aliases (name,aliases,lat,lon,country,admin1,precision,kind), "
                             "or GeoNames country extracts (SY.zip, IQ.txt)."),
    Setting("workers", 1, "Processes used to extract events; 0 means one per core."),
    Setting("type_model", "", "A type classifier file (JSON, from scripts/train_classifier.py) to use instead of the "
                              "shipped one, e.g. one trained on a split for a held-out measurement."),
)


@dataclass
class Settings:
    values: dict[str, Any] = field(default_factory=lambda: {s.name: s.default for s in SETTINGS})

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    @classmethod
    def load(cls, overrides: dict[str, Any] | None = None, config: str | Path | None = None) -> "Settings":
        s = cls()
        path = Path(config or os.environ.get("EVENTWIRE_CONFIG", "eventwire.toml"))
        if path.is_file():
            with open(path, "rb") as f:
                data = tomllib.load(f)
            known = {x.name for x in SETTINGS}
            unknown = set(data) - known
            if unknown:
                from .errors import EventwireError
                raise EventwireError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; "
                                     f"known: {', '.join(sorted(known))}")
            s.values.update(data)
        for k, v in (overrides or {}).items():
            if v is not None and v != () and v != []:
                s.values[k] = list(v) if isinstance(v, tuple) else v
        return s
