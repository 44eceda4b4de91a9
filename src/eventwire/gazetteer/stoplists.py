"""Words the matcher must not read as place names, whatever a gazetteer row says.

GeoNames has towns called Police, Convoy and Battle, and villages whose alternate name is
Khan or Omar; news is full of those words. These lists are hand-written: people's names
seen in Syria/Iraq news, words that name no place on their own, and capitalised words of
news prose (months, nationalities, armed groups). Common English words come from a word
list file (see `english_words`), not from here.
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

# Toponym parts that name no place alone ("Tall", "Khan", "Deir"): an alternate name made
# of these alone is dropped, and a text word among them never matches on its own.
GENERIC_WORDS = frozenset("""
tall tal tell tel til khan deir dayr dair der kafr kfar kafar ain ayn ein bir wadi ouadi qasr hosh
haouch hawsh maarat maaret maarrat
khirbat khirbet kherbet kherbat khirbit hay hayy sheikh shaykh sheik shaikh abu abou umm um jabal
jebel jbel djebel ras bab nahr jisr mazraat mazraa mazraah qaryat qarya beit bayt bait karm marj
suq souq qalaat qalat qalaa madinat madina nahiyat nahiya nahiyah markaz mintaqa mukhayam harat
hai haret jadida jadid jadidah kabir kabira saghir saghira sharqi sharqiyah sharqiya gharbi gharbiyah
gharbiya shamali janubi fawqani tahtani wusta city town village camp new old upper lower north south
east west northern southern eastern western central al el bani beni banu bu abd hamlet farm station
mount mountain river lake valley hill island bay port airport dam district province governorate
state region area zone centre center
""".split())

# First words of Arabic compound place names ("Beit Sawa", "Kafr Batna", "Hosh al-Ashary"):
# a known name right after one of them is a piece of a longer name we do not know.
NAME_HEADS = frozenset("""
tall tal tell tel til khan deir dayr dair der kafr kfar kafar ain ayn ein bir wadi qasr khirbat
khirbet kherbet kherbat hay hayy umm um jabal jebel jbel ras bab nahr jisr mazraat mazraa qaryat
beit bayt bait karm marj suq souq qalaat qalat madinat hosh haouch hawsh maarat maaret maarrat
marat maarit maar arab
""".split())

# Given names of people news names beside Arabic ones: English, Spanish, French and Russian
# ("Hugo Chavez", "Victor Hugo", "Juan").
_OTHER_GIVEN_NAMES = frozenset("""
tony john david michael james robert william george thomas joseph charles daniel mark paul steven
kevin brian jason ryan jacob lloyd antony sergey sergei vladimir
juan jose carlos luis jorge pedro pablo miguel hugo victor manuel francisco antonio javier alejandro
fernando ricardo diego eduardo roberto alberto ernesto raul sergio enrique oscar gustavo jean pierre
jacques francois emmanuel philippe alain michel olivier dmitry dmitri alexei alexey alexander boris
nikolai viktor ivan igor oleg yuri mikhail andrei andrey luz
""".split())

# People whose names news prints capitalised next to place names; Arabic given names
# that are also village names in GeoNames; the other given names above: towns of the world
# named so are found only with more words, and a town's name just after one of them is a surname.
PERSON_NAMES = _OTHER_GIVEN_NAMES | frozenset("""
trump biden putin obama clinton bush assad asad erdogan khamenei rouhani raisi netanyahu bennett
lapid macron merkel johnson zelensky zelenskyy lavrov pompeo blinken austin kirby mattis esper
mckenzie jeffrey abadi maliki kadhimi kazimi sudani barzani talabani sadr soleimani suleimani
muhandis nasrallah baghdadi jolani julani jawlani abdi mazloum ocalan ghosn shoigu gerasimov
hassan hasan hussein husayn hussain hossein mohammed muhammad mohammad mohamed ahmed ahmad ali omar
umar othman uthman khalid khaled mahmoud mahmud mustafa mostafa ibrahim ismail yusuf youssef
yousef abdullah abdallah hamza salman saleh salih karim jamal nasser nasir faisal fahd zayed
sultan amir emir abbas hamad rashid rashed walid waleed tariq tarek bashar hafez maher rami
qassem qasim ammar amer amr yasser yasir ayman anas bilal hadi haidar haider hayder mahdi mehdi
abdul abdel abdulrahman abdelrahman jaafar jafar mustafa samir sami nabil adel adil fadi fares
faris ziad ziyad majid majed ghazi saddam uday qusay recep hulusi
""".split())

# Given names that make the capitalised word after them a surname ("Nancy Perez") for
# stages/geocode.py's reading of who a document names: the other given names, and given
# names that are also the names of towns that matter ("Nancy", "Carmen", "Victoria"), which
# stay indexed as places. Arabic given names are left out: they begin many Syrian and Iraqi
# place names ("Tal Hassan"; "Ghazi Ghat" is no person).
GIVEN_NAMES = _OTHER_GIVEN_NAMES | frozenset("""
nancy carmen maria ana victoria elizabeth mary sarah laura isabel rosa teresa julia lucia sofia
elena irina olga natalia svetlana alice marie sophie claire anne helen catherine margaret susan
linda barbara jennifer jessica emily anna eva adriana patricia gloria diana monica andrea
""".split())

# Capitalised words of news prose that name no place: calendar, nationalities and
# faiths, continents ("South America" is not Argentina's América, "Africa" not Mahdia's
# old name), armed groups and their acronyms, titles.
NON_PLACE_WORDS = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday ramadan eid hijri
syrian syrians iraqi iraqis kurdish kurd kurds turkish turk turks russian russians american
americans iranian iranians israeli israelis arab arabs arabic lebanese jordanian saudi saudis
emirati qatari egyptian afghan afghans pakistani british french german european western asian
african molotov persian saharan
america americas africa asia europe oceania eurasia antarctica
sunni sunnis shia shiite shiites shiite alawite alawites druze christian christians muslim muslims
islamic yazidi yazidis assyrian assyrians turkmen turkoman armenian armenians circassian
isis isil daesh hezbollah hizbollah hizbullah hamas taliban houthi houthis ypg ypj sdf hts fsa pkk
nusra qaeda hashd peshmerga pmf pmu irgc quds sham levant caliphate coalition pentagon centcom
euphrates tigris orontes khabur
ahrar jaish jaysh jeish faylaq failaq liwa liwaa katibat kataib harakat jabhat tahrir hayat hayet
suqour suqur ansar junud jund saraya asaib nujaba nour zenki zinki
grad tochka tockha katyusha kornet konkurs fagot scud hellfire burkan toufan fateh
kremlin nato un unhcr unicef who ocha sohr reuters afp ap ansa sana anha npa rudaw
president minister general gen colonel col lieutenant lt captain capt major maj sergeant sgt
mr mrs ms dr prince king queen emir imam ayatollah spokesman spokeswoman commander secretary
official officials governor mayor chief head leader army forces police
""".split())


# First words of armed groups' Arabic names ("Jaysh al-Nasr", "Faylaq al-Sham", "Ahrar
# al-Sharqiyah"): the name that follows is the group's, not a place (stages/geocode.py, merge.py)
ARMED_GROUP_HEADS = ("Jaysh", "Jaish", "Liwa", "Liwaa", "Faylaq", "Failaq", "Kataib", "Kata'ib", "Saraya", "Jabhat",
                     "Harakat", "Ahrar", "Ansar", "Tajamu", "Firqat", "Quwat", "Hayat", "Tahrir", "Boko")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Common English words in lower case, from the shipped word list.

    The list is SCOWL size 35 (Debian's wamerican-small), written by
    scripts/build_gazetteer.py; see ATTRIBUTION.md.
    """
    try:
        data = resources.files("eventwire").joinpath("data/english-words.txt.gz").read_bytes()
    except FileNotFoundError:
        return frozenset()
    return frozenset(gzip.decompress(data).decode("utf-8").split())
