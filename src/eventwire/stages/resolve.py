"""From claims to values: best / low / high, and where sources contradict each other.

The rule for `best` (documented in README.md):
1. Only claims that give a number count; "no information about the losses" gives none.
2. The value asserted by the most independent voices (distinct outlet + claimant) wins.
3. On a tie, a side's count of its own losses wins (the claimant belongs to the side
   that was hit), then the lowest value: ACLED codes the most conservative figure.
4. A revised toll ("the death toll rose to 11") from the latest report that revises it
   overrides the rules above: tolls are updated as the dead are counted.
`low` and `high` span every numeric claim (the UCDP convention).
"""
from __future__ import annotations

import re
from typing import Any

from ..model import Claim
from .actors import side, side_of_claimant
from .claims import adds_to_other_counts, keyword_text, states_event_total

COUNT_FIELDS = ("fatalities", "injuries")
# fields whose distinct values across claims are worth surfacing as contradictions
CONTESTABLE = ("fatalities", "injuries", "actor1", "target_nature")


REVISION = re.compile(r"\btoll\s+(?:has\s+|had\s+)?(?:rose|risen|rising|climbed|increased|reached|jumped|grew)|"
                      r"\b(?:rose|risen|climbed|increased|jumped)\s+to\b|\bupdated\s+(?:death\s+)?toll", re.IGNORECASE)


# words without one of which REVISION cannot match: most quotes are not searched
_REVISION_WORDS = ("toll", "rose", "risen", "climbed", "increased", "jumped")


def is_revision(claim: Claim) -> bool:
    quote = claim.quote or ""
    words = keyword_text(quote)
    return any(w in words for w in _REVISION_WORDS) and bool(REVISION.search(quote))


def best_value(claims: list[Claim], victim_side: str | None,
               published: dict[str, str | None] | None = None) -> dict[str, int | None]:
    numeric = [c for c in claims if isinstance(c.value, int) and not isinstance(c.value, bool)]
    if not numeric:
        return {"best": None, "low": None, "high": None}
    values = [c.value for c in numeric]
    revisions = [c for c in numeric if is_revision(c)]
    if revisions:
        latest = max(revisions, key=lambda c: ((published or {}).get(c.doc_id) or "", c.value))
        return {"best": latest.value, "low": min(values), "high": max(values)}
    # a figure stated for the whole event ("Fatalities coded as 3", "4 fatalities") stands over
    # the counts of its parts and of the sources it weighed
    stated = [c for c in numeric if states_event_total(c.quote or "", c.field)]
    if stated:
        return {"best": stated[-1].value, "low": min(values), "high": max(values)}
    # "2 militants were also killed": victims on top of the others, not another count of them
    extra = [c for c in numeric if adds_to_other_counts(c.quote or "", c.field)]
    if extra and len(extra) < len(numeric):
        rest = best_value([c for c in numeric if all(c is not x for x in extra)], victim_side, published)
        best = rest["best"] + sum({(c.doc_id, c.span): c.value for c in extra}.values())
        return {"best": best, "low": min(values), "high": max(max(values), best)}
    voices: dict[int, set] = {}
    for c in numeric:
        voices.setdefault(c.value, set()).add((c.source, c.claimant))
    own_loss = {c.value for c in numeric if victim_side and side(side_of_claimant(c.claimant)) == side(victim_side)}
    best = max(voices, key=lambda v: (len(voices[v]), v in own_loss, -v))
    return {"best": best, "low": min(values), "high": max(values)}


def contradictions(claims: list[Claim], published: dict[str, str | None] | None = None) -> list[dict[str, Any]]:
    out = []
    for field in CONTESTABLE:
        idx = [i for i, c in enumerate(claims) if c.field == field and c.value is not None]
        if field in COUNT_FIELDS:
            # a toll revised by a later report supersedes the earlier counts: history, not dispute
            revised = [i for i in idx if is_revision(claims[i])]
            if revised:
                day = max((published or {}).get(claims[i].doc_id) or "" for i in revised)
                idx = [i for i in idx if ((published or {}).get(claims[i].doc_id) or "") >= day]
        values = []
        for i in idx:
            v = claims[i].value
            if v not in values:
                values.append(v)
        if len(values) > 1:
            out.append({"field": field, "values": sorted(values, key=str) if field not in COUNT_FIELDS else sorted(values),
                        "claims": idx})
    return out


def resolve_values(claims: list[Claim], victim_side: str | None, published: dict[str, str | None] | None = None):
    fat = best_value([c for c in claims if c.field == "fatalities"], victim_side, published)
    inj = best_value([c for c in claims if c.field == "injuries"], victim_side, published)
    return fat, inj, contradictions(claims, published)
