"""The words news uses for the people and forces of a country ("Afghan forces", "the Nigerian
army", "Peruvian police"): a weak hint at which country a text is about, used only to choose
between places that share a name, never to drop one.

The table is written by hand from the countries' usual English adjectives and demonyms, for
the countries the gazetteer holds. Words that name several countries or none in particular
("Korean", "Arab", "Kurdish", "Persian") are left out; "Kashmiri" hints at both countries that
hold part of Kashmir.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ahocorasick_rs import AhoCorasick

# country (as the gazetteer names it): its adjectives and demonyms, singular; a plural in -s
# ("Afghans", "Israelis") is read too
_TABLE = """
Afghanistan: Afghan, Afghani
Albania: Albanian
Algeria: Algerian
Angola: Angolan
Argentina: Argentine, Argentinian, Argentinean
Armenia: Armenian
Australia: Australian
Austria: Austrian
Azerbaijan: Azerbaijani, Azeri
Bahrain: Bahraini
Bangladesh: Bangladeshi
Belarus: Belarusian
Belgium: Belgian
Benin: Beninese, Beninois
Bhutan: Bhutanese
Bolivia: Bolivian
Bosnia and Herzegovina: Bosnian
Botswana: Botswanan, Motswana
Brazil: Brazilian
Bulgaria: Bulgarian
Burkina Faso: Burkinabe, Burkinabè
Burundi: Burundian
Cambodia: Cambodian, Khmer
Cameroon: Cameroonian
Canada: Canadian
Central African Republic: Central African
Chad: Chadian
Chile: Chilean
China: Chinese
Colombia: Colombian
Costa Rica: Costa Rican
Croatia: Croatian
Cuba: Cuban
Cyprus: Cypriot
Czechia: Czech
Democratic Republic of Congo: Congolese
Republic of Congo: Congolese
Denmark: Danish
Djibouti: Djiboutian
Dominican Republic: Dominican
Ecuador: Ecuadorian, Ecuadorean
Egypt: Egyptian
El Salvador: Salvadoran, Salvadorean
Equatorial Guinea: Equatorial Guinean, Equatoguinean
Eritrea: Eritrean
Estonia: Estonian
Eswatini: Swazi
Ethiopia: Ethiopian
Finland: Finnish
France: French
Gabon: Gabonese
Gambia: Gambian
Georgia: Georgian
Germany: German
Ghana: Ghanaian
Greece: Greek
Guatemala: Guatemalan
Guinea: Guinean
Guinea-Bissau: Bissau-Guinean
Guyana: Guyanese
Haiti: Haitian
Honduras: Honduran
Hungary: Hungarian
India: Indian, Kashmiri
Indonesia: Indonesian
Iran: Iranian
Iraq: Iraqi
Ireland: Irish
Israel: Israeli
Italy: Italian
Ivory Coast: Ivorian
Jamaica: Jamaican
Japan: Japanese
Jordan: Jordanian
Kazakhstan: Kazakh, Kazakhstani
Kenya: Kenyan
Kosovo: Kosovar, Kosovan
Kuwait: Kuwaiti
Kyrgyzstan: Kyrgyz, Kirghiz
Laos: Laotian, Lao
Latvia: Latvian
Lebanon: Lebanese
Lesotho: Basotho
Liberia: Liberian
Libya: Libyan
Lithuania: Lithuanian
Madagascar: Malagasy
Malawi: Malawian
Malaysia: Malaysian
Mali: Malian
Mauritania: Mauritanian
Mexico: Mexican
Moldova: Moldovan
Mongolia: Mongolian
Montenegro: Montenegrin
Morocco: Moroccan
Mozambique: Mozambican
Myanmar: Burmese
Namibia: Namibian
Nepal: Nepali, Nepalese
New Zealand: New Zealander
Nicaragua: Nicaraguan
Niger: Nigerien
Nigeria: Nigerian
North Korea: North Korean
North Macedonia: Macedonian
Norway: Norwegian
Oman: Omani
Pakistan: Pakistani, Kashmiri
Palestine: Palestinian
Panama: Panamanian
Papua New Guinea: Papua New Guinean
Paraguay: Paraguayan
Peru: Peruvian
Philippines: Filipino, Philippine
Poland: Polish
Portugal: Portuguese
Puerto Rico: Puerto Rican
Qatar: Qatari
Romania: Romanian
Russia: Russian
Rwanda: Rwandan, Rwandese
Saudi Arabia: Saudi
Senegal: Senegalese
Serbia: Serbian, Serb
Sierra Leone: Sierra Leonean
Slovakia: Slovak, Slovakian
Slovenia: Slovenian, Slovene
Somalia: Somali
South Africa: South African
South Korea: South Korean
South Sudan: South Sudanese
Spain: Spanish
Sri Lanka: Sri Lankan
Sudan: Sudanese
Sweden: Swedish
Switzerland: Swiss
Syria: Syrian
Taiwan: Taiwanese
Tajikistan: Tajik, Tajikistani
Tanzania: Tanzanian
Thailand: Thai
The Netherlands: Dutch
Timor Leste: Timorese
Togo: Togolese
Trinidad and Tobago: Trinidadian
Tunisia: Tunisian
Turkey: Turkish
Turkmenistan: Turkmen
Uganda: Ugandan
Ukraine: Ukrainian
United Arab Emirates: Emirati
United Kingdom: British
United States: American
Uruguay: Uruguayan
Uzbekistan: Uzbek
Venezuela: Venezuelan
Vietnam: Vietnamese
Western Sahara: Sahrawi, Saharawi
Yemen: Yemeni
Zambia: Zambian
Zimbabwe: Zimbabwean
"""


@lru_cache(maxsize=1)
def demonyms() -> dict[str, frozenset[str]]:
    """Each adjective or demonym, as written, and the countries it names."""
    out: dict[str, set[str]] = {}
    for line in _TABLE.strip().splitlines():
        country, words = line.split(":", 1)
        for word in words.split(","):
            out.setdefault(word.strip(), set()).add(country.strip())
    return {word: frozenset(countries) for word, countries in out.items()}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    words = sorted(demonyms(), key=len, reverse=True)  # "South Sudanese" before "Sudanese"
    # "Saudi-led", "Iranian-backed", "pro-Turkish": a foreign side, not where it happens;
    # "Indian Ocean" and "American Samoa" are places of their own. Every demonym is written
    # with a capital: the alternatives are tried only at a word that starts with one of their
    # first letters (2.5x faster on the bench's articles and digests, the same matches)
    letters = "".join(sorted({w[0] for w in words}))
    return re.compile(r"\b(?=[" + letters + r"])(?<![\w-])(?<!pro-)(?<!anti-)(" + "|".join(map(re.escape, words)) + r")s?"
                      r"(?![\w-])(?!\s+(?:Ocean|Samoa|Gulf|Sea)\b)")


@lru_cache(maxsize=1)
def _automaton() -> AhoCorasick:
    return AhoCorasick(sorted(demonyms()))


def countries_hinted(text: str) -> frozenset[str]:
    """The countries whose people or forces `text` names by adjective or demonym:
    "Afghan forces repelled a Taliban attack" -> {"Afghanistan"}."""
    found: set[str] = set()
    table, rx = demonyms(), _pattern()
    # the pattern's matches, as `finditer` finds them, tried only where a demonym begins (an
    # Aho-Corasick pass finds them all at once; profiled: the search of the whole text was 1.5%
    # of the run on 1,000-word articles)
    end = 0
    for start in sorted({s for _, s, _ in _automaton().find_matches_as_indexes(text, overlapping=True)}):
        if start < end:
            continue
        m = rx.match(text, start)
        if m is not None:
            found |= table[m.group(1)]
            end = m.end()
    return frozenset(found)

