"""The place data and its matching: Syria and Iraq in detail, facilities, world cities.

    from eventwire.gazetteer import Gazetteer
    gaz = Gazetteer.default()
    gaz.find("Rockets hit the Konoko gas plant in Deir Ezzor")

Sources and their licences: ATTRIBUTION.md at the repository root.
"""
from .match import Gazetteer
from .normalise import name_key

__all__ = ["Gazetteer", "name_key"]
