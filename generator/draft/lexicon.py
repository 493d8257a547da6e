"""The tables `briefing draft` uses to recognize countries in an article (people: namewords.py).

Country names come from pycountry (ISO 3166-1: name, official_name, common_name); the
tables here add what ISO does not hold: the short names newsrooms use, other names,
demonyms and adjectives, capitals and seats of government used as metonyms, and the
phrases that contain a country's name without meaning the country. `lexicon()` merges
them into one map from a written form to what it means.

Each table says where it comes from. Tables are written one entry a line, forms
separated by ";", so that they read like the reference they were copied from.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import pycountry

#: ISO 3166-1 entries left out: a continent, not a country. (Kosovo is not in ISO 3166-1:
#: its user-assigned code XK would fail the build's code check, so it is not recognized.)
EXCLUDED = frozenset({"AQ"})


def _table(text: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in text.strip().splitlines():
        code, _, rest = line.strip().partition(" ")
        table[code] = tuple(f.strip() for f in rest.split(";") if f.strip())
    return table


# Preferred short names where the ISO name is inverted, long or not the one English-language
# newsrooms use. After the CIA World Factbook "conventional short form" and AP/Reuters
# style. Choices to note: "Turkey" (not "Türkiye") and "Ivory Coast" (not "Côte d'Ivoire")
# follow English-language wire style, as do "Czech Republic", "East Timor", "Cape Verde";
# both forms of each are still recognized. The slug is slugify() of this name.
SHORT_NAMES: dict[str, str] = {
    "BN": "Brunei", "BO": "Bolivia", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo", "CI": "Ivory Coast", "CV": "Cape Verde",
    "CZ": "Czech Republic", "FK": "Falkland Islands", "FM": "Micronesia", "IR": "Iran",
    "KP": "North Korea", "KR": "South Korea", "LA": "Laos", "MD": "Moldova",
    "MF": "Saint Martin", "MO": "Macau", "PN": "Pitcairn Islands", "PS": "Palestine",
    "RU": "Russia", "SH": "Saint Helena", "SX": "Sint Maarten", "SY": "Syria",
    "TL": "East Timor", "TR": "Turkey", "TW": "Taiwan", "TZ": "Tanzania",
    "VA": "Vatican City", "VE": "Venezuela", "VG": "British Virgin Islands",
    "VI": "US Virgin Islands", "VN": "Vietnam", "CC": "Cocos Islands",
    "UM": "US Minor Outlying Islands", "BQ": "Caribbean Netherlands",
}

# Other names and short forms in common use (CIA World Factbook "conventional long/short
# form" and "former" names, plus abbreviations used in news copy). Gaza and the West Bank
# count for Palestine (ISO 3166-1 PS covers both); England, Scotland, Wales and Northern
# Ireland for the United Kingdom (they have no ISO 3166-1 code of their own).
ALIASES = _table("""
US United States; United States of America; US; U.S.; USA; U.S.A.; America
GB United Kingdom; UK; U.K.; Britain; Great Britain; England; Scotland; Wales; Northern Ireland
KP North Korea; DPRK; D.P.R.K.
KR South Korea; ROK; Republic of Korea
CN PRC; People's Republic of China; mainland China; Mainland China
TW Taiwan; Republic of China
RU Russia
CD Democratic Republic of the Congo; Democratic Republic of Congo; DR Congo; D.R. Congo; DRC; Congo-Kinshasa
CG Republic of the Congo; Republic of Congo; Congo Republic; Congo-Brazzaville
CI Côte d'Ivoire; Cote d'Ivoire; Ivory Coast
TR Turkey; Türkiye; Turkiye
CZ Czech Republic; Czechia
NL Netherlands; Holland
MM Myanmar; Burma
SZ Eswatini; Swaziland
CV Cape Verde; Cabo Verde
TL East Timor; Timor-Leste; Timor Leste
VA Vatican; Vatican City; Holy See; Vatican City State
MK North Macedonia; Macedonia
AE UAE; U.A.E.
SA KSA
BA Bosnia; Bosnia-Herzegovina
PS Palestine; Palestinian territories; Palestinian Territories; Gaza; Gaza Strip; West Bank
LA Laos
VN Vietnam; Viet Nam
SY Syria
IR Iran
MD Moldova
FM Micronesia
BO Bolivia
VE Venezuela
TZ Tanzania
BN Brunei
GM Gambia; The Gambia
BS Bahamas; The Bahamas
KN St Kitts and Nevis; St. Kitts and Nevis; Saint Kitts; St. Kitts
LC St Lucia; St. Lucia
VC St Vincent and the Grenadines; St. Vincent and the Grenadines; Saint Vincent
ST São Tomé and Príncipe; São Tomé; Sao Tome
CW Curacao
RE Reunion
AX Aland Islands; Åland
BQ Caribbean Netherlands; Bonaire; Sint Eustatius
PN Pitcairn Islands; Pitcairn
KY Caymans
TC Turks and Caicos
FO Faroes; Faeroe Islands
CC Cocos Islands; Keeling Islands
SJ Svalbard
FK Falkland Islands; Falklands; Malvinas
GS South Georgia; South Sandwich Islands
IO Chagos Islands; Chagos Archipelago; Diego Garcia
SH Saint Helena; St Helena; St. Helena; Ascension Island; Tristan da Cunha
PM St Pierre and Miquelon
BL St Barts; St. Barts; Saint Barts
MF Saint Martin; Saint-Martin
SX Sint Maarten
MO Macau
VI US Virgin Islands; U.S. Virgin Islands
VG British Virgin Islands; BVI
IE Republic of Ireland
DE West Germany; East Germany
IN Bharat
NZ Aotearoa
""")

# Demonyms and adjectives, after Wikipedia's "List of adjectival and demonymic forms for
# countries and nations" and the CIA World Factbook "Nationality" field. Plurals are made
# by lexicon() ("Russians"). Forms shared by two countries go in AMBIGUOUS instead.
# "English" is left out on purpose: it is mostly the language.
DEMONYMS = _table("""
AD Andorran
AE Emirati
AF Afghan; Afghanistani
AG Antiguan; Barbudan
AI Anguillan
AL Albanian
AM Armenian
AO Angolan
AR Argentine; Argentinian; Argentinean
AS American Samoan
AT Austrian
AU Australian; Aussie
AW Aruban
AX Ålandic; Ålander
AZ Azerbaijani; Azeri
BA Bosnian; Herzegovinian; Bosniak
BB Barbadian; Bajan
BD Bangladeshi
BE Belgian; Flemish; Walloon
BF Burkinabé; Burkinabe
BG Bulgarian
BH Bahraini
BI Burundian
BJ Beninese
BL Barthélemois
BM Bermudian
BN Bruneian
BO Bolivian
BQ Bonairean
BR Brazilian
BS Bahamian
BT Bhutanese
BW Botswanan; Motswana; Batswana
BY Belarusian
BZ Belizean
CA Canadian
CC Cocos Islander
CF Central African
CH Swiss
CI Ivorian
CK Cook Islander
CL Chilean
CM Cameroonian
CN Chinese
CO Colombian
CR Costa Rican
CU Cuban
CV Cape Verdean; Cabo Verdean
CW Curaçaoan
CX Christmas Islander
CY Cypriot; Greek Cypriot; Turkish Cypriot
CZ Czech
DE German
DJ Djiboutian
DK Danish; Dane
DZ Algerian
EC Ecuadorian
EE Estonian
EG Egyptian
EH Sahrawi; Sahrawian
ER Eritrean
ES Spanish; Spaniard
ET Ethiopian
FI Finnish; Finn
FJ Fijian
FK Falkland Islander
FM Micronesian
FO Faroese
FR French; Frenchman; Frenchmen; Frenchwoman
GA Gabonese
GB British; Briton; Brit; Scottish; Scot; Welsh; Northern Irish
GD Grenadian
GE Georgian
GF French Guianese
GG Guernseyman
GH Ghanaian
GI Gibraltarian
GL Greenlandic; Greenlander
GM Gambian
GN Guinean
GP Guadeloupean
GQ Equatorial Guinean; Equatoguinean
GR Greek; Hellenic
GT Guatemalan
GU Guamanian
GW Bissau-Guinean
GY Guyanese
HK Hong Konger; Hongkonger
HN Honduran
HR Croatian; Croat
HT Haitian
HU Hungarian
ID Indonesian
IE Irish
IL Israeli
IM Manx
IN Indian
IQ Iraqi
IR Iranian
IS Icelandic; Icelander
IT Italian
JE Jerseyman
JM Jamaican
JO Jordanian
JP Japanese
KE Kenyan
KG Kyrgyz; Kyrgyzstani
KH Cambodian; Khmer
KI I-Kiribati
KM Comoran; Comorian
KN Kittitian; Nevisian
KP North Korean
KR South Korean
KW Kuwaiti
KY Caymanian
KZ Kazakh; Kazakhstani
LA Laotian; Lao
LB Lebanese
LC Saint Lucian
LI Liechtensteiner
LK Sri Lankan
LR Liberian
LS Basotho; Mosotho
LT Lithuanian
LU Luxembourgish; Luxembourger
LV Latvian
LY Libyan
MA Moroccan
MC Monégasque; Monegasque
MD Moldovan
ME Montenegrin
MF Saint-Martinoise
MG Malagasy
MH Marshallese
MK Macedonian; North Macedonian
ML Malian
MM Burmese
MN Mongolian
MO Macanese
MP Northern Mariana Islander
MQ Martiniquais
MR Mauritanian
MS Montserratian
MT Maltese
MU Mauritian
MV Maldivian
MW Malawian
MX Mexican
MY Malaysian
MZ Mozambican
NA Namibian
NC New Caledonian
NE Nigerien
NF Norfolk Islander
NG Nigerian
NI Nicaraguan
NL Dutch; Netherlander
NO Norwegian
NP Nepali; Nepalese
NR Nauruan
NU Niuean
NZ New Zealander
OM Omani
PA Panamanian
PE Peruvian
PF French Polynesian
PG Papua New Guinean
PH Filipino; Filipina; Philippine
PK Pakistani
PL Polish; Pole
PM Saint-Pierrais
PN Pitcairn Islander
PR Puerto Rican
PS Palestinian
PT Portuguese
PW Palauan
PY Paraguayan
QA Qatari
RE Réunionese
RO Romanian
RS Serbian; Serb
RU Russian
RW Rwandan
SA Saudi; Saudi Arabian
SB Solomon Islander
SC Seychellois
SD Sudanese
SE Swedish; Swede
SG Singaporean
SH Saint Helenian
SI Slovenian; Slovene
SJ Svalbardian
SK Slovak
SL Sierra Leonean
SM Sammarinese
SN Senegalese
SO Somali; Somalian
SR Surinamese
SS South Sudanese
ST São Toméan
SV Salvadoran; Salvadorian
SX Sint Maartener
SY Syrian
SZ Swazi; Emaswati
TC Turks and Caicos Islander
TD Chadian
TG Togolese
TH Thai
TJ Tajik; Tajikistani
TK Tokelauan
TL Timorese; East Timorese
TM Turkmen
TN Tunisian
TO Tongan
TR Turkish; Turk
TT Trinidadian; Tobagonian
TV Tuvaluan
TW Taiwanese
TZ Tanzanian
UA Ukrainian
UG Ugandan
US American
UY Uruguayan
UZ Uzbek; Uzbekistani
VA Vatican
VC Vincentian
VE Venezuelan
VG British Virgin Islander
VI US Virgin Islander
VN Vietnamese
VU Ni-Vanuatu; Vanuatuan
WF Wallisian; Futunan
WS Samoan
YE Yemeni
YT Mahoran
ZA South African
ZM Zambian
ZW Zimbabwean
""")

# Capitals (CIA World Factbook "Capital" field), with seats of government where they
# differ (The Hague, La Paz, Pretoria, Putrajaya...), older spellings still in print
# (Kiev), and the buildings that stand for a government in news copy (the Kremlin).
CAPITALS = _table("""
AD Andorra la Vella
AE Abu Dhabi
AF Kabul
AG St. John's
AI The Valley
AL Tirana
AM Yerevan
AO Luanda
AR Buenos Aires
AS Pago Pago
AT Vienna
AU Canberra
AW Oranjestad
AX Mariehamn
AZ Baku
BA Sarajevo
BB Bridgetown
BD Dhaka
BE Brussels
BF Ouagadougou
BG Sofia
BH Manama
BI Gitega; Bujumbura
BJ Porto-Novo; Cotonou
BL Gustavia
BM Hamilton
BN Bandar Seri Begawan
BO La Paz; Sucre
BQ Kralendijk
BR Brasília; Brasilia
BS Nassau
BT Thimphu
BW Gaborone
BY Minsk
BZ Belmopan
CA Ottawa
CC West Island
CD Kinshasa
CF Bangui
CG Brazzaville
CH Bern; Berne
CI Yamoussoukro; Abidjan
CK Avarua
CL Santiago
CM Yaoundé; Yaounde
CN Beijing; Zhongnanhai
CO Bogotá; Bogota
CR San José; San Jose
CU Havana
CV Praia
CW Willemstad
CX Flying Fish Cove
CY Nicosia
CZ Prague
DE Berlin
DJ Djibouti City
DK Copenhagen
DM Roseau
DO Santo Domingo
DZ Algiers
EC Quito
EE Tallinn
EG Cairo
EH Laayoune; El Aaiún
ER Asmara
ES Madrid
ET Addis Ababa
FI Helsinki
FJ Suva
FK Stanley
FM Palikir
FO Tórshavn; Torshavn
FR Paris; Élysée; Elysee; Élysée Palace; Quai d'Orsay
GA Libreville
GB London; Downing Street; Whitehall
GD St. George's
GE Tbilisi
GF Cayenne
GG St Peter Port; St. Peter Port
GH Accra
GI Gibraltar
GL Nuuk
GM Banjul
GN Conakry
GP Basse-Terre
GQ Malabo
GR Athens
GS King Edward Point
GT Guatemala City
GU Hagåtña; Hagatna
GW Bissau
GY Georgetown
HK Hong Kong
HN Tegucigalpa
HR Zagreb
HT Port-au-Prince
HU Budapest
ID Jakarta
IE Dublin
IL Jerusalem; Tel Aviv
IM Douglas
IN New Delhi; Delhi
IO Diego Garcia
IQ Baghdad
IR Tehran
IS Reykjavík; Reykjavik
IT Rome
JE St Helier; St. Helier; Saint Helier
JM Kingston
JO Amman
JP Tokyo
KE Nairobi
KG Bishkek
KH Phnom Penh
KI Tarawa; South Tarawa
KM Moroni
KN Basseterre
KP Pyongyang
KR Seoul
KW Kuwait City
KY George Town
KZ Astana
LA Vientiane
LB Beirut
LC Castries
LI Vaduz
LK Sri Jayawardenepura Kotte; Colombo
LR Monrovia
LS Maseru
LT Vilnius
LU Luxembourg City
LV Riga
LY Tripoli
MA Rabat
MC Monaco
MD Chișinău; Chisinau
ME Podgorica
MF Marigot
MG Antananarivo
MH Majuro
MK Skopje
ML Bamako
MM Naypyidaw; Naypyitaw; Nay Pyi Taw
MN Ulaanbaatar; Ulan Bator
MO Macau
MP Saipan
MQ Fort-de-France
MR Nouakchott
MS Brades
MT Valletta
MU Port Louis
MV Malé
MW Lilongwe
MX Mexico City
MY Kuala Lumpur; Putrajaya
MZ Maputo
NA Windhoek
NC Nouméa; Noumea
NE Niamey
NF Burnt Pine
NG Abuja
NI Managua
NL Amsterdam; The Hague
NO Oslo
NP Kathmandu
NR Yaren
NU Alofi
NZ Wellington
OM Muscat
PA Panama City
PE Lima
PF Papeete
PG Port Moresby
PH Manila
PK Islamabad
PL Warsaw
PM Saint-Pierre
PN Adamstown
PR San Juan
PS Ramallah; East Jerusalem
PT Lisbon
PW Ngerulmud; Melekeok
PY Asunción; Asuncion
QA Doha
RE Saint-Denis
RO Bucharest
RS Belgrade
RU Moscow; Kremlin
RW Kigali
SA Riyadh
SB Honiara
SC Victoria
SD Khartoum; Port Sudan
SE Stockholm
SG Singapore
SH Jamestown
SI Ljubljana
SJ Longyearbyen
SK Bratislava
SL Freetown
SM San Marino
SN Dakar
SO Mogadishu
SR Paramaribo
SS Juba
ST São Tomé
SV San Salvador
SX Philipsburg
SY Damascus
SZ Mbabane; Lobamba
TC Cockburn Town
TD N'Djamena; Ndjamena
TF Port-aux-Français
TG Lomé; Lome
TH Bangkok
TJ Dushanbe
TK Nukunonu
TL Dili
TM Ashgabat
TN Tunis
TO Nuku'alofa
TR Ankara
TT Port of Spain
TV Funafuti
TW Taipei
TZ Dodoma; Dar es Salaam
UA Kyiv; Kiev
UG Kampala
US Washington; Washington, D.C.; Washington DC; White House; Pentagon; Capitol Hill
UY Montevideo
UZ Tashkent
VA Vatican City
VC Kingstown
VE Caracas
VG Road Town
VI Charlotte Amalie
VN Hanoi
VU Port Vila
WF Mata-Utu
WS Apia
YE Sanaa; Sana'a; Aden
YT Mamoudzou
ZA Pretoria; Cape Town; Bloemfontein
ZM Lusaka
ZW Harare
""")

# Forms that count only when the text also names the country another way: capitals that
# are also common place or personal names (Victoria, Kingston, Santiago...), metonyms for
# something else (Brussels for the EU, The Hague for the ICC), regional adjectives.
WEAK = frozenset("""Victoria; Kingston; Georgetown; George Town; San José; San Jose; Santiago;
Wellington; Hamilton; Brussels; The Hague; Nassau; St. John's; St. George's; Sucre; Panama City;
San Juan; Cayenne; Saint-Denis; Jamestown; Stanley; Douglas; The Valley; West Island; Malé;
Aden; Sofia; Tripoli; Brades; Burnt Pine; Central African; Micronesian; Micronesia; Lao; Vatican;
Hellenic; Aussie; Bonaire; Diego Garcia; East Jerusalem; Port Sudan""".replace("\n", " ").split("; "))

# One form, several countries: the text decides (the one it otherwise names); when it names
# none of them, the first is taken. In news copy a bare "Congo" is usually the DRC (Reuters
# style), a bare "Korea(n)" usually South Korea.
AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "Korea": ("KR", "KP"), "Korean": ("KR", "KP"), "Koreans": ("KR", "KP"),
    "Congo": ("CD", "CG"), "Congolese": ("CD", "CG"),
    "Dominican": ("DO", "DM"), "Dominicans": ("DO", "DM"),
    "Virgin Islands": ("VI", "VG"),
}

# Phrases that contain a country's name without meaning the country: regions, seas,
# rivers, US states and places, treaties, people, food. Matched like names, so the longest
# wins ("Papua New Guinea" still beats "New Guinea").
NOT_COUNTRIES = tuple("""Latin America; Latin American; South America; South American; North America;
North American; Central America; Central American; Pan-American; Inter-American; Captain America;
Korean Peninsula; Korean peninsula; Korean War; inter-Korean; Inter-Korean; Indian Ocean;
Indian subcontinent; Indian Subcontinent; American Indian; West Indian; West Indies; East Indies;
Gulf of Guinea; New Guinea; Guinea pig; Guinea pigs; Guinea fowl; Guinea worm; Gulf of Mexico;
New Mexico; New Mexican; New Jersey; Jersey City; Jersey Shore; New England; New South Wales;
Niger Delta; Niger River; Congo River; Congo Basin; Inner Mongolia; West Timor; Northern Cyprus;
North Pole; South Pole; Irish Sea; Turkey Day; Young Turks; Turkish Delight; Brussels sprouts;
French fries; French toast; Swiss cheese; Danish pastry; Russian roulette; Spanish-speaking;
French-speaking; Portuguese-speaking; Washington State; Washington state; George Washington;
Washington Post; University of Washington; Lake Washington; Mount Washington; Washington Square;
Washington Nationals; Washington Commanders; Washington Wizards; Washington Capitals;
Georgia State; Georgia state; Georgia Tech; University of Georgia; Georgian Bay; Georgian era;
Georgian architecture; Georgian-style; Georgian house; Georgian houses; Georgian terrace;
Jordan River; Jordan Valley; Lake Chad; Chad Basin; Paris Agreement; Paris agreement;
Paris Climate Agreement; Paris climate agreement; Paris Club; Paris Hilton; Rome Statute;
Treaty of Rome; Warsaw Pact; Oslo Accords; Helsinki Accords; Budapest Memorandum; Jack London;
Bermuda Triangle; Bermuda shorts; Panama hat; Strait of Gibraltar; Benin Bronzes; Benin City;
Victoria Cross; Lake Victoria; Mexican wave; Dutch auction; Native American""".replace("\n", " ").split("; "))

# Country forms that are also personal names: not the country when a capitalized name
# runs into them ("Chad Smith", "Michael Jordan", "Denzel Washington"). A known limit: the
# name alone ("Jordan scored twice", "Chad said") still reads as the country.
NAMELIKE = frozenset({"Chad", "Jordan", "Georgia", "Washington", "Sofia", "Victoria", "Holland",
                      "Kingston", "Hamilton", "Santiago", "Douglas", "Stanley"})

# US states (Census Bureau list) for "Paris, Texas": a capital followed by one is a US town.
# Georgia and Washington are left out: they are handled by their own rules.
US_STATES = frozenset("""Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware
Florida Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland
Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma
Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Wisconsin Wyoming""".split()) | {
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
    "Rhode Island", "South Carolina", "South Dakota", "West Virginia"}

# Words near "Georgia" that tell the US state from the country (their own judgment).
GEORGIA_STATE_CUES = frozenset("""Atlanta Savannah Augusta Macon governor Governor Gov. county County
counties Senate senator Sen. Republican Republicans Democrat Democrats runoff Fulton Kemp
Raffensperger Ossoff Warnock Peach Alabama Florida Tennessee Carolina legislature statehouse
Bulldogs Braves Falcons Hawks Ga.""".split())
GEORGIA_COUNTRY_CUES = frozenset("""Tbilisi Georgian Georgians Caucasus Caucasian Abkhazia Abkhaz
Ossetia Ossetian Batumi Kutaisi Armenia Azerbaijan Russia Russian Moscow Kremlin Ukraine EU
NATO Soviet Saakashvili Ivanishvili Kobakhidze Zourabichvili Kavelashvili parliament Parliament
minister Minister Dream""".split())


#: Short names that take "the" in running text ("President of the Philippines").
WITH_THE = frozenset({"BS", "CD", "CF", "CG", "CZ", "DO", "GB", "GM", "KM", "KY", "MH", "MV", "NL",
                      "PH", "SB", "TC", "AE", "US", "VA", "FK", "FO", "CK", "VG", "VI", "UM", "CC",
                      "BQ", "MP"})


def in_text(code: str) -> str:
    """The short name as it stands in a sentence: 'the United Kingdom', 'France'."""
    return ("the " if code in WITH_THE else "") + short_name(code)


def short_name(code: str) -> str:
    """The name a country's sheet is drafted under ('KP' -> 'North Korea')."""
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or c.name


def _iso_forms(c) -> list[str]:
    forms = []
    for attr in ("name", "official_name", "common_name"):
        value = getattr(c, attr, None)
        if not value or ", " in value:  # inverted ISO forms ("Korea, Republic of")
            continue
        value = re.sub(r"\s*\([^)]*\)", "", value.removeprefix("the "))
        forms.append(value)
    return forms


def _plurals(form: str) -> list[str]:
    if form.endswith(("ese", "sh", "ch", "s", "x", "z", "Kiribati", "Vatican")) and form != "Czech":
        return []
    return [form + "s"]


class Form(NamedTuple):
    """What a written form means: an ISO code ("" not a country, "?" see AMBIGUOUS),
    its kind (name, demonym, capital, not, ambiguous) and whether it is WEAK."""

    code: str
    kind: str
    weak: bool = False


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, Form], dict[str, tuple[str, ...]]]:
    """Every written form -> Form; and the forms two countries claim (a test holds it empty)."""
    forms: dict[str, Form] = {}
    conflicts: dict[str, tuple[str, ...]] = {}

    def add(form: str, code: str, kind: str, weak: bool = False) -> None:
        old = forms.get(form)
        if old and old.code != code and old.kind not in ("not", "ambiguous"):
            conflicts[form] = (old.code, code)
        if not old:
            forms[form] = Form(code, kind, weak or form in WEAK)

    for form in NOT_COUNTRIES:
        forms[form] = Form("", "not")
    for form in AMBIGUOUS:
        forms[form] = Form("?", "ambiguous")
    for code, names in ALIASES.items():
        for form in names:
            add(form, code, "name")
    for c in pycountry.countries:
        if c.alpha_2 not in EXCLUDED:
            for form in _iso_forms(c) + [short_name(c.alpha_2)]:
                add(form, c.alpha_2, "name")
    for code, names in DEMONYMS.items():
        for form in names:
            add(form, code, "demonym")
            for plural in _plurals(form):
                add(plural, code, "demonym", form in WEAK)
    for code, names in CAPITALS.items():
        for form in names:
            add(form, code, "capital")
    return forms, conflicts
