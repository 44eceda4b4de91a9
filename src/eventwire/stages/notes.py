"""One ACLED-style sentence per event: when, who did what to whom, where, and the toll."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..model import Event

_VERBS = {
    "Air/drone strike": "carried out an air/drone strike on",
    "Shelling/artillery/missile attack": "fired missiles/shells at",
    "Remote explosive/landmine/IED": "detonated an explosive device against",
    "Suicide bomb": "carried out a suicide bombing against",
    "Grenade": "threw a grenade at",
    "Chemical weapon": "used chemical weapons against",
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Sexual violence": "committed sexual violence against",
    "Peaceful protest": "protested",
    "Protest with intervention": "protested and were met by",
    "Excessive force against protesters": "used excessive force against",
    "Violent demonstration": "rioted",
    "Mob violence": "carried out mob violence against",
    "Arrests": "arrested",
    "Agreement": "reached an agreement with",
    "Disrupted weapons use": "intercepted an attack by",
    "Looting/property destruction": "looted or destroyed property of",
    "Change to group/activity": "changed activity:",
    "Other": "were involved in an event with",
}


def _date_words(d: dict[str, Any]) -> str:
    if not d.get("start"):
        return "On an unknown date"
    start = dt.date.fromisoformat(d["start"])
    end = dt.date.fromisoformat(d["end"]) if d.get("end") else start
    if d.get("precision") == "month":
        return "In " + start.strftime("%B %Y")
    if d.get("precision") == "year":
        return "In " + str(start.year)
    if end != start:
        return f"Between {start.day} {start:%B} and {end.day} {end:%B %Y}"
    return f"On {start.day} {start:%B %Y}"


def write_note(ev: Event) -> str:
    return note_for_record(ev.to_dict())


def note_for_record(ev: dict[str, Any]) -> str:
    """One ACLED-style sentence from a record in the SCHEMA.md shape."""
    who = ev["actor1"]["name"] or "an unidentified actor"
    whom = ev["actor2"]["name"] or ""
    verb = _VERBS.get(ev["sub_event_type"], "acted against")
    loc = ev["location"]
    place = loc.get("name")
    where = ""
    if place:
        extra = ", ".join(x for x in (loc.get("admin1"), loc.get("country"))
                          if x and x != place)
        where = f" at {place}" + (f" ({extra})" if extra else "")
    target = f" {whom}" if whom else ""
    if verb.endswith((" on", " at", " against", " with", " from", " of", " by")) and not whom:
        verb = verb.rsplit(" ", 1)[0]
    weapons = f" using {', '.join(ev['weapons'])}" if ev["weapons"] else ""
    toll = ""
    fat = ev["fatalities"]
    fb = fat.get("best")
    ib = ev["injuries"].get("best")
    if fb is not None or ib is not None:
        parts = []
        if fb is not None:
            parts.append(f"{fb} killed" if fb else "no fatalities")
        if ib:
            parts.append(f"{ib} injured")
        toll = "; " + " and ".join(parts) + " reported"
        if fat.get("low") != fat.get("high"):
            toll += f" (sources give {fat['low']} to {fat['high']} killed)"
    return f"{_date_words(ev['date'])}, {who} {verb}{target}{where}{weapons}{toll}."
