#!/usr/bin/env python3
"""Generate ticketkit's bundled sample data: synthetic support tickets.

    python3 testdata/gen-sample.py testdata/sample

writes history.jsonl (six weeks of closed, labelled tickets) and today.jsonl
(one Monday of new, unlabelled tickets with a planted incident) into the
given directory and prints a summary of what it wrote.

Everything here is made up: names, companies, texts.  E-mail addresses use
only example.com/.org/.net, phone numbers only fictional ranges, IP addresses
only documentation ranges, card numbers only well-known test numbers and
IBANs only the standard documentation examples.

The output is deterministic: one random.Random(SEED) instance drives
everything, only through methods whose algorithms are stable across Python
versions (random(), randrange(), randint(), sample(), shuffle(),
triangular()); no global random state, no iteration over sets or other
hash-ordered containers, and no float functions but the exactly rounded
ones (arithmetic, math.sqrt), so no platform's libm can change a bit.
Standard library only; Python >= 3.9.
"""

import bisect
import datetime as dt
import json
import math
import os
import random
import re
import sys

SEED = 20261116

HIST_START = dt.datetime(2026, 10, 5, 0, 0, 0)   # Monday, UTC
HIST_DAYS = 42                                   # through Sunday 2026-11-15
TODAY = dt.datetime(2026, 11, 16, 0, 0, 0)       # Monday, UTC
INCIDENT_START = TODAY + dt.timedelta(hours=9, minutes=40)
INCIDENT_END = TODAY + dt.timedelta(hours=11, minutes=30)
# Distinct customers reporting the incident, by language and tier.
INCIDENT_CUSTOMERS = [("en", "free", 24), ("en", "pro", 17), ("en", "business", 10),
                      ("en", "enterprise", 3), ("de", None, 4), ("fr", None, 2)]
INCIDENT_FOLLOWUPS = 10                              # second tickets
FIRST_TICKET_NUMBER = 100001

# Expected tickets on a Wednesday of the first week; the other days scale
# from it by the weekday weight and 4 % growth per week.
BASE_PER_DAY = 78.0
WEEKLY_GROWTH = 1.04
WEEKDAY_WEIGHT = [1.35, 1.12, 1.05, 1.00, 0.90, 0.36, 0.31]   # Mon..Sun
# Relative ticket volume per UTC hour: quiet nights, peaks mid-morning and
# mid-afternoon.
HOUR_WEIGHT = [14, 11, 9, 9, 11, 18, 35, 65, 100, 132, 148, 125,
               90, 104, 140, 136, 112, 90, 70, 55, 42, 32, 24, 18]
RESEND_RATE = 0.02
TEAM_NOISE_RATE = 0.04

rng = random.Random(SEED)


# ---------------------------------------------------------------- helpers

def chance(p):
    return rng.random() < p


def pick(seq):
    return seq[rng.randrange(len(seq))]


def wpick(pairs):
    """Pick from [(item, weight), ...] with non-negative number weights."""
    total = 0.0
    cum = []
    for _, w in pairs:
        total += w
        cum.append(total)
    x = rng.random() * total
    i = bisect.bisect_right(cum, x)
    if i >= len(pairs):
        i = len(pairs) - 1
    return pairs[i][0]


def noise(spread):
    """Roughly normal noise in [-spread, spread] (sum of three uniforms)."""
    u = rng.random() + rng.random() + rng.random() - 1.5
    return spread * u / 1.5


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


FOLD = {
    "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e",
    "ê": "e", "ë": "e", "á": "a", "à": "a", "â": "a", "ã": "a", "å": "a",
    "í": "i", "ï": "i", "î": "i", "ó": "o", "ô": "o", "ø": "o", "ú": "u",
    "ñ": "n", "ç": "c", "ł": "l", "ś": "s", "ź": "z", "ż": "z", "ć": "c",
    "ń": "n", "ą": "a", "ę": "e", "'": "", " ": "", "-": "",
}


def ascii_fold(s):
    return "".join(FOLD.get(c, c) for c in s.lower())


def low_first(s):
    return s[:1].lower() + s[1:] if s else s


# ---------------------------------------------------------------- names

EN_FIRST = [
    "Anna", "James", "Olivia", "Liam", "Emma", "Noah", "Sophia", "Mason",
    "Ava", "Lucas", "Mia", "Ethan", "Harper", "Logan", "Ella", "Jacob",
    "Grace", "Daniel", "Chloe", "Henry", "Lily", "Samuel", "Hannah", "Owen",
    "Priya", "Arjun", "Mei", "Kenji", "Fatima", "Omar", "Aisha", "Diego",
    "Carmen", "Rachel", "Tom", "Sarah", "Michael", "Laura", "David", "Kate",
    "Ben", "Megan", "Chris", "Jessica", "Ryan", "Nicole", "Dana", "Jordan",
    "Zoë", "Renée", "José", "Chloé", "Søren", "Björn", "Anaïs", "Noémie",
    "Inés", "Siobhán", "Zoë", "Joël",
]
EN_LAST = [
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans",
    "Thomas", "Roberts", "Walker", "Wright", "Hughes", "Green", "Hall",
    "Clarke", "Patel", "Nguyen", "Kim", "Chen", "Singh", "Khan", "Lopez",
    "Martin", "Lee", "Harris", "Clark", "Lewis", "Young", "King", "Scott",
    "Adams", "Baker", "Carter", "Mitchell", "Turner", "Parker", "Collins",
    "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Reed",
    "O'Brien", "McCarthy", "Fitzgerald", "Okafor", "Mensah", "Kowalski",
    "Müller", "Núñez", "García", "Østergaard", "Dubois", "Lindqvist",
    "Nakamura", "Ferreira", "Brennan", "Holt",
]
EN_CO_A = [
    "Alder", "Brightwater", "Copperleaf", "Driftwood", "Ember", "Fernhill",
    "Granite", "Harbor", "Ironbark", "Juniper", "Kestrel", "Larkspur",
    "Maplestone", "Nimbus", "Oakridge", "Pinecrest", "Quillfeather",
    "Redstone", "Silverline", "Tidewater", "Umberfield", "Vantage",
    "Willowbank", "Yarrow", "Zephyr", "Bluefin", "Cedar Point", "Foxglove",
    "Goldcrest", "Hollow Oak", "Lantern", "Meadowlark", "Northgate",
    "Orchard", "Pebble", "Riverbend", "Saltmarsh", "Thistle", "Wildrose",
    "Ashgrove", "Bramble", "Cobalt", "Dovetail", "Elmstead", "Falcon",
]
EN_CO_B = [
    "Analytics", "Bakery", "Consulting", "Design", "Foods", "Health",
    "Labs", "Logistics", "Media", "Outfitters", "Partners", "Robotics",
    "Studio", "Supply", "Systems", "Travel", "Works", "Coffee Roasters",
    "Dental", "Fitness", "Interiors", "Legal", "Pet Supplies", "Print",
    "Realty", "Software", "Apparel", "Garden Centre", "Books", "Cycles",
]
EN_CO_SUFFIX = ["", "", "", "Ltd", "Inc.", "LLC", "Co.", "Group"]

DE_FIRST = ["Jürgen", "Anja", "Stefan", "Katrin", "Jörg", "Sabine", "Lukas",
            "Jana", "Matthias", "Birgit", "Tobias", "Sören", "Maximilian",
            "Lena", "Dörte", "Florian"]
DE_LAST = ["Müller", "Schmidt", "Weiß", "Schäfer", "Becker", "Hoffmann",
           "Krüger", "Wagner", "Groß", "Köhler", "Braun", "Vogel", "Fuchs",
           "Zimmermann", "Schröder", "Lange"]
DE_CO_A = ["Nordlicht", "Bergmann", "Haselnuss", "Weißdorn", "Grünwald",
           "Sonnenhof", "Alpenblick", "Elbufer", "Lindenbaum", "Rheinfels",
           "Mühlbach", "Eichenhain", "Fichtelberg", "Seeblick"]
DE_CO_B = ["Logistik GmbH", "Software GmbH", "Manufaktur", "Medien GmbH",
           "Handels GmbH", "& Söhne KG", "Versand GmbH", "Bäckerei",
           "Reisen GmbH", "Druck GmbH"]

FR_FIRST = ["Hélène", "François", "Léa", "Théo", "Élodie", "Jérôme",
            "Camille", "Benoît", "Margaux", "Clément", "Céline", "Raphaël"]
FR_LAST = ["Lefèvre", "Dubois", "Moreau", "Girard", "Rousseau", "Fontaine",
           "Chevalier", "Bérard", "Lemaître", "Gauthier", "Mercier", "Faure"]
FR_CO = ["Atelier Lumière SARL", "Boulangerie du Pont", "Éditions Marée Haute",
         "Hélios Conseil SAS", "Fromagerie des Alpes", "Cave Saint-Rémy",
         "Bijoux Étoile SAS", "Librairie Côté Jardin", "Transports Garonne",
         "Maison Bérénice", "Vélos du Lac SARL", "Céramiques Lunel",
         "Studio Amélie", "Horizon Numérique SAS", "Épicerie Fine Lavande"]

ES_FIRST = ["José", "María", "Lucía", "Javier", "Sofía", "Álvaro", "Carmen",
            "Andrés", "Paula", "Íñigo", "Elena", "Martín"]
ES_LAST = ["García", "Martínez", "Núñez", "López", "Sánchez", "Fernández",
           "Gómez", "Jiménez", "Muñoz", "Pérez", "Ruiz", "Ibáñez"]
ES_CO = ["Soluciones Albatros S.L.", "Panadería La Espiga",
         "Logística Peñalara S.L.", "Café Aurora", "Diseños Mediterráneo S.L.",
         "Librería El Faro", "Ópticas Sierra Nevada", "Viajes Alborán S.L.",
         "Bodega Los Almendros", "Ferretería Montaña", "Clínica Dental Olivo",
         "Moda Triana S.L."]

PL_FIRST = ["Łukasz", "Agnieszka", "Paweł", "Małgorzata", "Krzysztof",
            "Joanna", "Michał", "Katarzyna", "Tomasz", "Zofia", "Wojciech",
            "Magdalena"]
# Male forms; -ski/-cki take -ska/-cka for women.
PL_LAST = ["Wiśniewski", "Kowalczyk", "Wójcik", "Kamiński", "Lewandowski",
           "Zieliński", "Szymański", "Dąbrowski", "Kozłowski", "Jankowski",
           "Mazur", "Krawczyk"]
PL_CO = ["Zielony Młyn sp. z o.o.", "Bursztyn Trade sp. z o.o.",
         "Piekarnia Łączka", "Drukarnia Wisła sp. z o.o.",
         "Sklep Pod Lipą", "Meble Świerk sp. z o.o.",
         "Kwiaciarnia Róża", "Transport Żuraw sp. z o.o.",
         "Księgarnia Sowa", "Ogrody Słoneczne sp. z o.o.",
         "Pracownia Jantar"]

# (Cyrillic, Latin transliteration for e-mail addresses); male surnames,
# women's take -а.
RU_FIRST = [("Дмитрий", "dmitry"), ("Анна", "anna"), ("Сергей", "sergey"),
            ("Екатерина", "ekaterina"), ("Алексей", "alexey"),
            ("Ольга", "olga"), ("Иван", "ivan"), ("Наталья", "natalya"),
            ("Михаил", "mikhail"), ("Юлия", "yulia")]
RU_LAST = [("Соколов", "sokolov"), ("Иванов", "ivanov"),
           ("Кузнецов", "kuznetsov"), ("Смирнов", "smirnov"),
           ("Попов", "popov"), ("Волков", "volkov"), ("Лебедев", "lebedev"),
           ("Новиков", "novikov"), ("Морозов", "morozov"),
           ("Фёдоров", "fedorov")]
RU_CO = ["ООО «Северный ветер»", "ООО «Альфа-Трейд»", "ООО «Вектор»",
         "ООО «Берёзка Маркет»", "ООО «Техностиль»", "ООО «Гранит Софт»",
         "ООО «Волга Логистик»", "ООО «Кедр»", "ООО «Полярная звезда»",
         "ООО «Белый медведь»", "ООО «Сибирский мёд»"]

EN_TITLES = ["Office Manager", "Head of Operations", "CTO", "Founder",
             "Support Lead", "Finance Manager", "IT Administrator",
             "Customer Success Manager", "Owner", "Engineering Manager",
             "Accounts Payable", "Operations Director"]


# ---------------------------------------------------------------- customers

TIERS = ["free", "pro", "business", "enterprise"]
TIER_CUSTOMERS = {"free": 330, "pro": 180, "business": 70, "enterprise": 20}
TIER_ACTIVITY = {"free": 0.8, "pro": 1.0, "business": 1.3, "enterprise": 1.4}
PERSON_SHARE = {"free": 0.55, "pro": 0.3, "business": 0.05, "enterprise": 0.0}
# Non-English customers, per language (the rest write English).
LANG_CUSTOMERS = [("de", 20), ("fr", 17), ("es", 14), ("pl", 12), ("ru", 12)]
EN_REGIONS = [("us", 55), ("uk", 25), ("eu", 14), ("other", 6)]
CITIES = {
    "us": ["Austin", "Denver", "Portland", "Boston", "Chicago", "Atlanta",
           "Seattle", "San Diego"],
    "uk": ["London", "Leeds", "Bristol", "Manchester", "Edinburgh", "Cardiff"],
    "eu": ["Amsterdam", "Zürich", "Copenhagen", "Dublin", "Malmö", "Kraków",
           "Lisbon"],
    "other": ["São Paulo", "Toronto", "Sydney", "Auckland", "Singapore"],
    "de": ["Berlin", "München", "Köln", "Hamburg", "Düsseldorf"],
    "fr": ["Paris", "Lyon", "Nantes", "Bordeaux", "Montpellier"],
    "es": ["Madrid", "Sevilla", "Valencia", "Málaga", "Bilbao"],
    "pl": ["Warszawa", "Kraków", "Gdańsk", "Wrocław", "Łódź"],
    "ru": ["Москва", "Санкт-Петербург", "Казань", "Новосибирск"],
}
STREETS = {
    "en": ["Harbour Lane", "Mill Street", "Oak Avenue", "Station Road",
           "Elm Court", "Market Square", "Riverside Drive", "King's Road"],
    "de": ["Hauptstraße", "Gartenweg", "Lindenallee", "Schulstraße"],
    "fr": ["rue des Lilas", "avenue Victor-Hugo", "rue du Moulin"],
    "es": ["calle Mayor", "avenida del Puerto", "calle de la Paz"],
    "pl": ["ul. Lipowa", "ul. Ogrodowa", "ul. Długa"],
    "ru": ["ул. Ленина", "ул. Садовая", "пр. Мира"],
}


class Customer:
    pass


def make_phone(region):
    """Fictional numbers only: US 555-01xx, UK Ofcom drama range."""
    if region == "us" or region == "other":
        form = rng.randrange(3)
        if form == 0:
            return "+1 555-01%02d" % rng.randrange(100)
        if form == 1:
            return "(555) 010-%04d" % rng.randrange(10000)
        return "+1 (%d) 555-01%02d" % (pick([212, 312, 415, 512, 617, 720]),
                                       rng.randrange(100))
    return "+44 20 7946 0%03d" % rng.randrange(1000)


def draw_person(lang):
    """A contact person's first and last name, and their ASCII forms for an
    e-mail address."""
    if lang == "ru":
        (first, fl), (last, ll) = pick(RU_FIRST), pick(RU_LAST)
        if first.endswith(("а", "я")):          # women's surnames take -а
            last, ll = last + "а", ll + "a"
        return first, last, fl, ll
    firsts, lasts = {"en": (EN_FIRST, EN_LAST), "de": (DE_FIRST, DE_LAST),
                     "fr": (FR_FIRST, FR_LAST), "es": (ES_FIRST, ES_LAST),
                     "pl": (PL_FIRST, PL_LAST)}[lang]
    first, last = pick(firsts), pick(lasts)
    if lang == "pl" and first.endswith("a") and last.endswith(("ski", "cki")):
        last = last[:-1] + "a"
    return first, last, ascii_fold(first), ascii_fold(last)


def make_customers():
    used_ids = rng.sample(range(1000, 10000), sum(TIER_CUSTOMERS.values()))
    used_names = set()          # membership only, never iterated
    tiers = []
    for t in TIERS:
        tiers.extend([t] * TIER_CUSTOMERS[t])
    rng.shuffle(tiers)
    langs = []
    for lang, n in LANG_CUSTOMERS:
        langs.extend([lang] * n)
    langs.extend(["en"] * (len(tiers) - len(langs)))
    rng.shuffle(langs)
    pools = {"fr": list(FR_CO), "es": list(ES_CO), "pl": list(PL_CO),
             "ru": list(RU_CO)}
    for lst in pools.values():
        rng.shuffle(lst)
    customers = []
    for i, (tier, lang) in enumerate(zip(tiers, langs)):
        c = Customer()
        c.id = "C-%04d" % used_ids[i]
        c.tier = tier
        c.lang = lang
        c.region = wpick(EN_REGIONS) if lang == "en" else lang
        c.person = chance(PERSON_SHARE[tier])
        while True:
            first, last, fl, ll = draw_person(lang)
            if c.person:
                name = first + " " + last
            elif lang == "en":
                name = pick(EN_CO_A) + " " + pick(EN_CO_B)
                suf = pick(EN_CO_SUFFIX)
                if suf:
                    name += " " + suf
            elif lang == "de":
                name = pick(DE_CO_A) + " " + pick(DE_CO_B)
            elif pools[lang]:
                name = pools[lang].pop()
            else:               # no company names left: a private customer
                c.person = True
                name = first + " " + last
            if name not in used_names:
                break
        c.first, c.last = first, last
        c.contact = first + " " + last
        used_names.add(name)
        c.name = name
        domain = pick(["example.com", "example.com", "example.org", "example.net"])
        c.email = pick(["%s.%s@%s", "%s%s@%s", "%s_%s@%s"]) % (fl, ll, domain)
        if pick([0, 1, 2]) == 0:
            c.email = "%s@%s" % (fl, domain) if c.person else "%s.%s@%s" % (fl[0], ll, domain)
        c.winuser = fl
        c.phone = make_phone(c.region if lang == "en" else "uk")
        c.title = pick(EN_TITLES)
        c.city = pick(CITIES[c.region])
        c.currency = {"us": "USD", "uk": "GBP", "eu": "EUR", "other": "USD",
                      "de": "EUR", "fr": "EUR", "es": "EUR", "pl": "PLN",
                      "ru": "RUB"}[c.region]
        if tier == "free":
            c.mrr = 0
            c.seats = 1
        elif tier == "pro":
            c.seats = rng.randint(2, 8)
            c.mrr = c.seats * 29
        elif tier == "business":
            c.seats = rng.randint(5, 40)
            c.mrr = c.seats * 79
        else:
            c.seats = rng.randint(60, 400)
            c.mrr = rng.randint(90, 900) * 50
        # Skewed activity: a few customers write very often.
        # (Pareto with alpha 2, capped; sqrt is exactly rounded everywhere.)
        u = 1.0 - rng.random()
        c.activity = min(1.0 / math.sqrt(u), 10.0) * TIER_ACTIVITY[tier]
        c.vip = False
        customers.append(c)
    return customers


# ---------------------------------------------------------------- slots

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
             "August", "September", "Oktober", "November", "Dezember"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
             "août", "septembre", "octobre", "novembre", "décembre"]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
             "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
MONTHS_PL_GEN = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
                 "lipca", "sierpnia", "września", "października", "listopada",
                 "grudnia"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
               "Saturday", "Sunday"]

# App releases: (first day, version).  5.2.0 ships on the morning of today.
RELEASES = [(dt.datetime(2026, 9, 1), "5.0.4"),
            (dt.datetime(2026, 10, 13), "5.1.0"),
            (dt.datetime(2026, 10, 22), "5.1.1"),
            (dt.datetime(2026, 10, 29), "5.1.2"),
            (dt.datetime(2026, 11, 5), "5.1.3"),
            (dt.datetime(2026, 11, 16, 7, 0), "5.2.0")]

OSES = ["iOS 17.4", "iOS 17.6", "iOS 18.1", "iOS 18.0", "Android 14",
        "Android 15", "Android 13", "Windows 11", "Windows 10", "macOS 14.6",
        "macOS 15.1", "Ubuntu 24.04"]
BROWSERS = ["Chrome 130", "Chrome 129", "Firefox 132", "Safari 18.0",
            "Edge 130", "Safari 17.6", "Firefox 131", "Chrome 131"]
DEVICES = ["iPhone 15", "iPhone 13 mini", "Pixel 8", "Galaxy S23", "iPad Air",
           "MacBook Pro", "ThinkPad X1", "Galaxy Tab S9", "iPhone 16"]
INTEGRATIONS = ["Slack", "Shopify", "Salesforce", "HubSpot", "Zapier",
                "QuickBooks", "Xero", "Stripe", "Jira", "WooCommerce"]
FEATURES = ["dark mode", "bulk editing of tags", "scheduled PDF reports",
            "SAML SSO on the Pro plan", "custom fields on the customer profile",
            "an Excel export that keeps formulas",
            "a Slack notification when a ticket is escalated",
            "keyboard shortcuts in the inbox", "an exportable audit log",
            "multi-currency invoices", "an API for reports",
            "saved filters that can be shared with the team",
            "German and French UI translations",
            "two-factor login with hardware keys (WebAuthn)",
            "a calendar view for deliveries", "read receipts on replies",
            "per-team SLA targets", "a way to merge duplicate customers"]
COMPETITORS = ["Ticketora", "Quillbox", "Brightdesk", "SupportHive",
               "Deskwell", "HelpLoop"]
CARRIERS = {"us": ["UPS", "FedEx", "USPS"], "uk": ["Royal Mail", "DPD", "Evri"],
            "eu": ["DHL", "DPD", "GLS"], "other": ["DHL", "FedEx"],
            "de": ["DHL", "Hermes", "DPD"], "fr": ["Colissimo", "Chronopost"],
            "es": ["Correos", "SEUR"], "pl": ["InPost", "DPD"],
            "ru": ["СДЭК", "Почта России"]}
ITEMS = ["card reader", "receipt printer", "barcode scanner",
         "label printer", "starter kit", "box of receipt rolls",
         "cash drawer", "tablet stand", "replacement charging dock"]
PLANS = ["Pro", "Business", "Enterprise"]
TIMEZONES = ["Europe/Berlin", "America/New_York", "Europe/London",
             "Australia/Sydney", "America/Los_Angeles", "Asia/Singapore"]
TEST_CARDS = ["4111 1111 1111 1111", "4111111111111111",
              "4242-4242-4242-4242", "4242 4242 4242 4242",
              "5555555555554444", "5555 5555 5555 4444", "378282246310005",
              "3782 822463 10005"]
IBANS = {"DE": ["DE89 3704 0044 0532 0130 00", "DE89370400440532013000"],
         "GB": ["GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"],
         "FR": ["FR14 2004 1010 0505 0001 3M02 606",
                "FR1420041010050500013M02606"]}
VAT_IDS = {"de": "DE123456789", "fr": "FR12345678901", "uk": "GB123456789",
           "eu": "NL123456789B01", "es": "ESX1234567X", "pl": "PL1234567890"}
ERR_LOGIN = ["E-1003", "E-1017", "ERR_TOO_MANY_REDIRECTS", "HTTP 401",
             "SAML_RESPONSE_INVALID", "E-1021"]
ERR_CRASH = ["0x80070005", "0xC0000005", "E-2210", "EXC_BAD_ACCESS",
             "SIGABRT", "0x80004005"]
ERR_API = ["HTTP 500", "HTTP 502", "HTTP 503", "HTTP 504", "E-5003",
           "E-5120", "ERR_CONNECTION_RESET", "ETIMEDOUT", "HTTP 500"]
ERR_PERF = ["HTTP 504", "HTTP 503", "a timeout error", "E-6001"]
ERR_EXPORT = ["E-4410", "E-4402", "HTTP 500", "ERR_CONNECTION_RESET"]


def doc_ip():
    return "%s.%d" % (pick(["192.0.2", "198.51.100", "203.0.113"]),
                      rng.randint(2, 254))


def doc_ipv6():
    return pick(["2001:db8:85a3::8a2e:370:7334",
                 "2001:db8:%x::%x" % (rng.randint(1, 0xffff), rng.randint(1, 0xffff)),
                 "2001:db8:0:%x::%x" % (rng.randint(1, 0xfff), rng.randint(1, 0xff))])


def money(cents, currency, lang, style=None):
    """Format an amount the way a customer in that language would."""
    units, sub = divmod(cents, 100)

    def group(n, sep):
        s = str(n)
        out = ""
        while len(s) > 3:
            out = sep + s[-3:] + out
            s = s[:-3]
        return s + out

    if style is None:
        style = rng.randrange(3)
    if currency == "USD":
        if style == 0 or sub:
            return "$%s.%02d" % (group(units, ","), sub)
        if style == 1:
            return "USD %s" % group(units, ",")
        return "$%s" % group(units, ",")
    if currency == "GBP":
        if style == 0 or sub:
            return "£%s.%02d" % (group(units, ","), sub)
        if style == 1:
            return "GBP %s.00" % group(units, ",")
        return "£%s" % group(units, ",")
    if currency == "EUR":
        if lang == "en":
            if style == 0:
                return "€%s.%02d" % (group(units, ","), sub)
            if style == 1:
                return "€%s,%02d" % (group(units, "."), sub)
            return "EUR %s.%02d" % (group(units, ","), sub)
        if lang == "fr":
            return "%s,%02d €" % (group(units, " "), sub)
        if style == 2:
            return "EUR %s,%02d" % (group(units, "."), sub)
        return "%s,%02d €" % (group(units, "."), sub)
    if currency == "PLN":
        return "%s,%02d zł" % (group(units, " "), sub)
    if currency == "RUB":
        return pick(["%s ₽", "%s руб."]) % group(units, " ")
    raise ValueError(currency)


def fmt_date(d, lang, region):
    if lang == "en":
        forms = ["iso", "month", "short"]
        forms.append("us" if region in ("us", "other") else "uk")
        f = pick(forms)
        if f == "iso":
            return d.strftime("%Y-%m-%d")
        if f == "us":
            return "%d/%d/%d" % (d.month, d.day, d.year)
        if f == "uk":
            return "%02d/%02d/%d" % (d.day, d.month, d.year)
        if f == "month":
            if region in ("us", "other"):
                return "%s %d" % (MONTHS_EN[d.month - 1], d.day)
            return "%d %s" % (d.day, MONTHS_EN[d.month - 1])
        return "%s %d" % (MONTHS_EN[d.month - 1][:3], d.day)
    if lang == "de":
        return pick(["%02d.%02d.%d" % (d.day, d.month, d.year),
                     "%d. %s" % (d.day, MONTHS_DE[d.month - 1])])
    if lang == "fr":
        return pick(["%02d/%02d/%d" % (d.day, d.month, d.year),
                     "%d %s" % (d.day, MONTHS_FR[d.month - 1])])
    if lang == "es":
        return pick(["%02d/%02d/%d" % (d.day, d.month, d.year),
                     "%d de %s" % (d.day, MONTHS_ES[d.month - 1])])
    if lang == "pl":
        return pick(["%02d.%02d.%d" % (d.day, d.month, d.year),
                     "%d %s" % (d.day, MONTHS_PL_GEN[d.month - 1])])
    return "%02d.%02d.%d" % (d.day, d.month, d.year)


def ru_days(n):
    if n % 10 == 1 and n % 100 != 11:
        return "%d день" % n
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "%d дня" % n
    return "%d дней" % n


def current_version(t):
    v = RELEASES[0][1]
    prev = v
    for start, ver in RELEASES:
        if t >= start:
            prev, v = v, ver
    return v, prev


class Ctx(dict):
    """Slot values for one ticket, made on first use and then kept, so the
    same order id or amount appears wherever a template mentions it."""

    def __init__(self, cust, t, category, today):
        dict.__init__(self)
        self.c = cust
        self.t = t
        self.lang = cust.lang
        self.category = category
        self.today = today

    def past_day(self, lo=1, hi=20):
        return self.t - dt.timedelta(days=rng.randint(lo, hi))

    def __missing__(self, key):
        v = self.make(key)
        self[key] = v
        return v

    def make(self, k):
        c, lang = self.c, self.lang
        if k == "order":
            return "ORD-%06d" % rng.randint(400000, 489999)
        if k == "invoice":
            return "INV-2026-%05d" % rng.randint(1200, 19999)
        if k == "ref":
            return "#%05d" % rng.randint(30000, 99999)
        if k == "amount":
            if self.category in ("billing_double_charge", "invoice_question",
                                 "cancellation") and c.mrr > 0:
                cents = c.mrr * 100
                if c.currency == "RUB":
                    cents *= 90
                elif c.currency == "PLN":
                    cents *= 4
            else:
                cents = rng.randint(12, 480) * 100 + pick([0, 0, 0, 99, 50, 95])
                if c.currency == "RUB":
                    cents = rng.randint(9, 400) * 10000 + pick([0, 9900, 5000])
                elif c.currency == "PLN":
                    cents *= 4
            self["_cents"] = cents
            return money(cents, c.currency, lang)
        if k == "mrr":
            cents = c.mrr * 100 * {"RUB": 90, "PLN": 4}.get(c.currency, 1)
            return money(cents, c.currency, lang)
        if k == "amount_double":
            self["amount"]
            return money(self["_cents"] * 2, c.currency, lang)
        if k == "date":
            d = self.past_day(1, 12)
            self["_date"] = d
            return fmt_date(d, lang, c.region)
        if k == "date2":
            return fmt_date(self.past_day(1, 4), lang, c.region)
        if k == "date_future":
            return fmt_date(self.t + dt.timedelta(days=rng.randint(10, 80)),
                            lang, c.region)
        if k == "agent":
            return pick(AGENTS)
        if k == "weekday_de":
            return ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag",
                    "Samstag", "Sonntag"][
                (self.t - dt.timedelta(days=rng.randint(1, 5))).weekday()]
        if k == "weekday":
            return WEEKDAYS_EN[(self.t - dt.timedelta(days=rng.randint(1, 5))).weekday()]
        if k == "month":
            if "_date" in self:          # the month of the date mentioned
                d = self["_date"]
            elif chance(0.5):
                d = self.t
            else:
                d = self.t.replace(day=1) - dt.timedelta(days=1)
            return {"de": MONTHS_DE, "fr": MONTHS_FR, "es": MONTHS_ES}.get(
                lang, MONTHS_EN)[d.month - 1]
        if k == "month_next":
            return MONTHS_EN[(self.t.month + rng.randint(0, 2)) % 12]
        if k == "time":
            tt = self.t - dt.timedelta(minutes=rng.randint(10, 300))
            return tt.strftime("%H:%M")
        if k == "n":
            return str(rng.randint(2, 9))
        if k == "n_ru":
            return ru_days(rng.randint(2, 12))
        if k in ("version", "version_plain"):
            cur, prev = current_version(self.t)
            if cur == "5.2.0" and not self.today:
                cur = prev
            v = cur if chance(0.75) else prev
            if k == "version_plain":
                return v
            return pick(["v" + v, "version " + v, v, "v" + v])
        if k == "os":
            return pick(OSES)
        if k == "browser":
            return pick(BROWSERS)
        if k == "device":
            return pick(DEVICES)
        if k == "ip":
            return doc_ip()
        if k == "ip2":
            return doc_ip()
        if k == "ip_range":
            return pick(["192.0.2.x", "198.51.100.x", "203.0.113.x"])
        if k == "ipv6":
            return doc_ipv6()
        if k == "email":
            return c.email
        if k == "email_alt":
            user, dom = c.email.split("@")
            return user.replace(".", "") + "@" + pick(["example.org", "example.net"])
        if k in ("colleague_name", "colleague_email"):
            first, last = pick(EN_FIRST), pick(EN_LAST)
            self["colleague_name"] = first + " " + last
            self["colleague_email"] = "%s.%s@%s" % (
                ascii_fold(first), ascii_fold(last),
                c.email.split("@")[1])
            return self[k]
        if k == "attacker_email":
            return "%s%d@example.net" % (pick(["payout", "billing-team",
                                                "acct.verify", "support.desk"]),
                                          rng.randint(10, 99))
        if k == "phone":
            return c.phone
        if k == "url_page":
            return "https://app.example.com" + pick(
                ["/dashboard", "/reports", "/inbox", "/reports/overview"])
        if k == "card":
            return pick(TEST_CARDS)
        if k == "last4":
            return "%04d" % rng.randrange(10000)
        if k == "iban":
            key = {"de": "DE", "fr": "FR", "uk": "GB"}.get(c.region)
            if key is None:
                key = pick(["DE", "GB", "FR"])
            return pick(IBANS[key])
        if k == "integration":
            return pick(INTEGRATIONS)
        if k == "feature":
            return pick(FEATURES)
        if k == "competitor":
            return pick(COMPETITORS)
        if k == "seats":
            return str(max(c.seats, 2))
        if k == "seats_small":
            return str(max(1, int(self["seats"]) // 2))
        if k == "plan":
            return {"free": "Pro", "pro": "Pro", "business": "Business",
                    "enterprise": "Enterprise"}[c.tier]
        if k == "po":
            return "PO-%06d" % rng.randint(100000, 999999)
        if k == "rma":
            return "RMA-%06d" % rng.randint(100000, 999999)
        if k == "vatid":
            return VAT_IDS.get(c.region, "GB123456789")
        if k == "address":
            city = pick(CITIES[c.region])
            streets = STREETS.get(lang, STREETS["en"])
            return "%d %s, %s" % (rng.randint(2, 180), pick(streets), city) \
                if lang == "en" else "%s %d, %s" % (pick(streets),
                                                    rng.randint(2, 80), city)
        if k == "city":
            return c.city
        if k == "carrier":
            return pick(CARRIERS[c.region])
        if k == "tracking":
            carrier = self["carrier"]
            if carrier == "UPS":
                return "1Z%s%010d" % ("".join(pick("ABCDEFGHJKLMNPRTVWXY0123456789")
                                              for _ in range(6)),
                                      rng.randrange(10 ** 10))
            if carrier in ("Royal Mail", "Почта России", "Correos"):
                return "%s%09d%s" % (pick(["RR", "LX", "CP", "RA"]),
                                     rng.randrange(10 ** 9),
                                     {"Royal Mail": "GB", "Почта России": "RU",
                                      "Correos": "ES"}[carrier])
            return "%012d" % rng.randrange(10 ** 12)
        if k == "item":
            return pick(ITEMS)
        if k == "tz":
            return pick(TIMEZONES)
        if k == "hex":
            return "".join(pick("0123456789abcdef") for _ in range(16))
        if k == "winuser":
            return c.winuser
        if k == "first":
            return c.first
        if k == "contact":
            return c.contact
        if k == "company":
            return c.name
        if k == "customer_id":
            return c.id
        if k == "contract":
            return "CTR-2025-%04d" % rng.randint(100, 2999)
        if k == "agents":
            return str(max(8, c.seats // 3))
        if k == "logline":
            tt = self.t - dt.timedelta(minutes=rng.randint(5, 600))
            return "%s ERROR %s" % (rfc3339(tt), pick([
                "webhook delivery failed status=503 remote=%s" % doc_ip(),
                "upstream timed out (110: Connection timed out) while reading "
                "response header, client: %s" % doc_ip(),
                "POST /v2/orders -> 500 Internal Server Error (req_%s)" % self["hex"],
                "connect() failed: ERR_CONNECTION_RESET peer=%s" % doc_ip()]))
        if k == "deadline":
            return pick(["by Friday", "before the audit tomorrow",
                         "by the end of the month", "before " + self["date_future"],
                         "by Wednesday", "before our board meeting on Thursday"])
        if k == "error_login":
            return pick(ERR_LOGIN)
        if k == "error_crash":
            return pick(ERR_CRASH)
        if k == "error_api":
            return pick(ERR_API)
        if k == "error_perf":
            return pick(ERR_PERF)
        if k == "error_export":
            return pick(ERR_EXPORT)
        if k == "region_name":
            return pick(["European", "APAC", "UK", "Brazilian"])
        if k == "duration":
            m = rng.randint(0, 2)
            return "%d:%02d" % (m, rng.randint(25 if m == 0 else 0, 59))
        raise KeyError(k)


SLOT = re.compile(r"\{([a-z][a-z0-9_]*)\}")


DOUBLE_DOT = re.compile(r"(?<=[^.])\.\.(?=[^.]|$)")


def fill(template, ctx):
    text = SLOT.sub(lambda m: ctx[m.group(1)], template)
    return DOUBLE_DOT.sub(".", text)


# ---------------------------------------------------------------- categories

TEAM = {
    "billing_double_charge": "billing", "refund_request": "billing",
    "invoice_question": "billing", "login_problem": "accounts",
    "password_reset": "accounts", "two_factor": "accounts",
    "app_crash": "tech-support", "bug_report": "tech-support",
    "api_error": "platform", "performance": "platform",
    "data_export": "tech-support", "shipping_delay": "logistics",
    "security_report": "security", "cancellation": "success",
    "feature_request": "success",
}
CATEGORIES = list(TEAM)     # insertion order, fixed
# Where a human would plausibly have misrouted a ticket of that category.
TEAM_NOISE = {
    "billing_double_charge": ["success", "tech-support"],
    "refund_request": ["logistics", "success"],
    "invoice_question": ["success"],
    "login_problem": ["tech-support", "security"],
    "password_reset": ["tech-support"],
    "two_factor": ["security", "tech-support"],
    "app_crash": ["platform"],
    "bug_report": ["platform", "success"],
    "api_error": ["tech-support"],
    "performance": ["tech-support"],
    "data_export": ["platform", "success"],
    "shipping_delay": ["billing", "success"],
    "security_report": ["accounts", "platform"],
    "cancellation": ["billing"],
    "feature_request": ["tech-support", "platform"],
}
# Ticket share per category and tier multiplier.
CAT_WEIGHT = {
    "billing_double_charge": 6, "refund_request": 8, "invoice_question": 8,
    "login_problem": 9, "password_reset": 8, "two_factor": 4,
    "app_crash": 6, "bug_report": 9, "api_error": 6, "performance": 5,
    "data_export": 4, "shipping_delay": 9, "security_report": 3,
    "cancellation": 5, "feature_request": 6,
}
CAT_TIER = {
    "free": {"api_error": 0.2, "performance": 0.5, "password_reset": 1.6,
             "invoice_question": 0.5, "data_export": 0.5, "shipping_delay": 1.3},
    "pro": {},
    "business": {"api_error": 1.8, "performance": 1.5, "password_reset": 0.6,
                 "invoice_question": 1.4, "data_export": 1.4},
    "enterprise": {"api_error": 2.5, "performance": 2.0, "password_reset": 0.4,
                   "invoice_question": 1.6, "data_export": 1.8,
                   "security_report": 1.6, "shipping_delay": 0.6},
}

PAGES = {
    "billing_double_charge": [("/billing", 3), ("/billing/invoices", 3),
                              ("/billing/payment-methods", 2), ("/checkout", 1)],
    "refund_request": [("/billing", 3), ("/orders/{order}", 3),
                       ("/billing/invoices", 2)],
    "invoice_question": [("/billing/invoices", 5), ("/billing/invoices/{invoice}", 2),
                         ("/settings/billing", 2)],
    "login_problem": [("/login", 6), ("/login/sso", 2), ("/", 1)],
    "password_reset": [("/login/forgot-password", 5), ("/login", 3)],
    "two_factor": [("/settings/security", 4), ("/login/2fa", 4)],
    "app_crash": [("/", 2), ("/dashboard", 3), ("/reports", 2), ("/inbox", 2)],
    "bug_report": [("/dashboard", 3), ("/inbox", 3), ("/reports", 2),
                   ("/settings/notifications", 1), ("/settings/team", 1)],
    "api_error": [("/settings/integrations", 4), ("/settings/webhooks", 3),
                  ("/settings/api-keys", 2), ("/developers", 1)],
    "performance": [("/dashboard", 5), ("/reports", 3), ("/reports/overview", 2),
                    ("/inbox", 2)],
    "data_export": [("/reports/export", 6), ("/settings/data", 2)],
    "shipping_delay": [("/orders/{order}", 7), ("/orders", 2)],
    "security_report": [("/settings/security", 5), ("/login", 2),
                        ("/settings/sessions", 2)],
    "cancellation": [("/settings/billing", 3), ("/settings/subscription", 4),
                     ("/billing/plan", 2)],
    "feature_request": [("/dashboard", 3), ("/reports", 2), ("/", 2),
                        ("/settings/integrations", 1), ("/feedback", 2)],
}

EN = {}

# Each category: "subjects" are generic ones that fit any of its bodies;
# each body is (text, specific subject, ...).

EN["billing_double_charge"] = dict(
    subjects=["Double charge on my card", "Charged twice", "Payment taken twice",
              "Duplicate charge", "Billed twice this month"],
    bodies=[
        ("I was charged {amount} twice on {date} for the same subscription. Could you please refund the duplicate charge?",
         "Charged twice for {month} subscription", "Two identical charges of {amount}"),
        ("Our company card shows two identical charges of {amount} for invoice {invoice}. Only one invoice is visible in the billing section.",
         "Duplicate payment for invoice {invoice}", "Two charges for one invoice"),
        ("When I upgraded to the {plan} plan the payment went through twice. My bank statement shows {amount} on {date} two times.",
         "Charged twice after upgrading plan", "Upgrade billed two times"),
        ("It looks like the monthly renewal ran twice this month: two charges of {amount} within a few minutes of each other.",
         "Renewal charged twice", "Double billing this month"),
        ("I clicked Pay once, the page froze, and now I see two payments of {amount} on my card ending in {last4}.",
         "Paid once, charged twice", "Page froze and I was charged twice"),
        ("We got two receipts for the same invoice ({invoice}), both for {amount}. Please reverse one of them.",
         "Two receipts for {invoice}", "Duplicate payment for invoice {invoice}"),
        ("My credit card was billed twice for the {month} renewal. I only have one account with you ({email}).",
         "Charged twice for {month} subscription", "Why was I billed two times?"),
        ("Accounting flagged a duplicate payment: {amount} on {date} and again on {date2}. Both reference {invoice}.",
         "Duplicate payment flagged by accounting", "We were billed twice for the same period"),
        ("There are two charges from you on my statement this month and I definitely didn't buy anything twice.",
         "Why was I billed two times?", "Two charges on my statement"),
        ("The payment page showed an error, so I paid again, and it turns out both payments went through. Total charged: {amount_double}.",
         "Paid twice after payment error", "Error on payment page, charged twice"),
    ],
    details=[
        "Invoice: {invoice}. Account e-mail: {email}.",
        "I can send a screenshot of the bank statement if needed.",
        "You can reach me at {phone}.",
        "The charges are dated {date}.",
        "We only have one workspace and {seats} seats.",
    ],
)

EN["refund_request"] = dict(
    subjects=["Refund request", "Requesting a refund", "Please refund my payment",
              "Refund", "Question about a refund"],
    bodies=[
        ("I'd like to request a refund for order {order}. The {item} arrived damaged and I've already sent it back.",
         "Refund request for order {order}", "Damaged {item}, refund please"),
        ("We accidentally purchased the annual plan instead of monthly on {date}. Could you refund {amount} and switch us to monthly billing?",
         "Refund - accidental annual purchase", "Wrong plan purchased, refund of {amount}"),
        ("I returned order {order} on {date} and tracking shows it was delivered to your warehouse, but I haven't received my refund of {amount} yet.",
         "Item returned, still no refund", "Refund for returned order {order}"),
        ("We cancelled within the 14-day trial but were still charged {amount}. Please refund it.",
         "Charged after cancelling trial", "Refund of {amount}"),
        ("Our team shrank from {seats} to {seats_small} users last month. Can we get a prorated refund for the unused seats?",
         "Refund for unused seats", "Prorated refund?"),
        ("Your colleague promised me a refund of {amount} in ticket {ref}, but nothing has arrived so far.",
         "Refund not received yet", "Promised refund still missing ({ref})"),
        ("Order {order} never arrived, and the courier told me to ask you for a refund.",
         "Money back for {order}?", "Refund for order that never arrived"),
        ("Please refund the {amount} charged on {date}. We downgraded the day before and should not have been billed for {plan}.",
         "Charged after downgrade", "Please refund my last payment"),
        ("How long does a refund usually take? Mine for {order} was approved on {date}.",
         "How long does a refund take?", "Refund status for {order}"),
        ("I paid {amount} for an add-on that doesn't work on our plan. I'd like my money back.",
         "Refund for add-on", "Add-on doesn't work, refund please"),
    ],
    details=[
        "Original payment was made with the card ending in {last4}.",
        "Order total was {amount}, paid on {date}.",
        "Return label reference: {rma}.",
        "The order was placed with {email}.",
    ],
)

EN["invoice_question"] = dict(
    subjects=["Question about invoice {invoice}", "Invoice question",
              "Question about our invoice", "Billing question"],
    bodies=[
        ("Our VAT ID is missing on invoice {invoice}. Could you re-issue it with VAT ID {vatid}?",
         "VAT number missing on invoice", "Please re-issue invoice {invoice}"),
        ("Invoice {invoice} shows {amount}, but the quote we signed was lower. Could you explain the difference?",
         "Invoice amount doesn't match the quote", "Invoice higher than quoted"),
        ("Our finance team needs the invoices for August through {month} as PDFs. I can only find the latest one under Billing.",
         "Where can I download my invoices?", "Need PDF invoices since August"),
        ("Could you add our purchase order number {po} to invoice {invoice}? Our AP department rejects invoices without it.",
         "Invoice for purchase order {po}", "PO number missing on {invoice}"),
        ("The billing address on {invoice} is our old office. The new address is {address}.",
         "Wrong billing address on {invoice}", "Please update our billing address"),
        ("I don't understand the line \"additional seats\" on invoice {invoice}. We only have {seats} users.",
         "What are the \"additional seats\" on my invoice?", "Seat count on {invoice}"),
        ("Why was sales tax added to invoice {invoice}? We are tax-exempt and sent you the certificate on {date}.",
         "Tax on invoice {invoice}", "We are tax-exempt"),
        ("Could you send invoices to {colleague_email} from now on instead of to me?",
         "Change invoice recipient", "Send invoices to our finance team"),
        ("Is it possible to get one consolidated invoice for our two workspaces instead of two separate ones?",
         "One invoice for two workspaces?", "Consolidated invoicing"),
        ("Invoice {invoice} is dated {date} but the payment was on {date2}. Our auditor is asking about it.",
         "Invoice date vs payment date", "Auditor question about {invoice}"),
    ],
    details=[
        "The download link at https://app.example.com/billing/invoices gives me a 404.",
        "Company details: {company}, VAT ID {vatid}.",
        "The amount on the invoice is {amount}.",
        "Please reply to {email}.",
    ],
)

EN["login_problem"] = dict(
    subjects=["Can't log in", "Login not working", "Unable to sign in",
              "Login problem", "Can't access my account"],
    bodies=[
        ("Since this morning I can't log in. The login page says \"Invalid credentials\" even though I'm using the correct password.",
         "\"Invalid credentials\" but password is correct", "Unable to sign in since this morning"),
        ("When I log in through our SSO provider I end up in a redirect loop and finally get {error_login}.",
         "SSO login loop", "SSO login fails with {error_login}"),
        ("My account got locked after a few failed attempts and the unlock e-mail never arrives. My login is {email}.",
         "Account locked after failed attempts", "Locked out of my account"),
        ("Sign in with Google just spins forever and then sends me back to https://app.example.com/login without any error.",
         "Google sign-in fails", "Sign in with Google not working"),
        ("Nobody on our team has been able to log in since {weekday}. We get error {error_login} after entering the password.",
         "Whole team can't log in", "Login error {error_login}"),
        ("I can log in on my phone but not on my laptop ({browser}). I already cleared cookies.",
         "Can't access my account on {browser}", "Login works on phone, not on laptop"),
        ("After changing my e-mail address to {email} I can't log in with either the old or the new address.",
         "Can't log in after changing e-mail", "Locked out after e-mail change"),
        ("The login page loads, I enter my details, and it just reloads the same page. No error message.",
         "Login page keeps reloading", "Login page loops"),
        ("Our IT changed the SAML certificate yesterday and now SSO login fails with {error_login}.",
         "SSO broken after certificate change", "SAML login fails"),
        ("I get \"Your session has expired\" immediately after logging in, every single time.",
         "\"Session expired\" right after login", "Logged out immediately"),
    ],
    details=[
        "I'm connecting from {ip}, in case that helps with the logs.",
        "Browser: {browser}, OS: {os}.",
        "Screenshot saved as C:\\Users\\{winuser}\\Pictures\\login-error.png, happy to send it.",
        "My username is {email}.",
    ],
)

EN["password_reset"] = dict(
    subjects=["Forgot password", "Can't reset my password", "password reset",
              "Need help resetting password", "Password reset problem"],
    bodies=[
        ("I clicked \"Forgot password\" three times but no e-mail arrived at {email}. Nothing in spam either.",
         "Password reset email not arriving", "No reset email received"),
        ("The reset link says \"This link has expired\" even when I open it right after receiving it.",
         "Reset link expired", "Password reset link doesn't work"),
        ("I forgot my password and the reset e-mail goes to my old work address. Can you change it to {email}?",
         "Reset e-mail goes to old address", "Forgot password, old e-mail"),
        ("When I set a new password I get \"Password does not meet requirements\", but it has 16 characters, numbers and symbols.",
         "New password not accepted", "Password requirements error"),
        ("Could you send a password reset link to my colleague {colleague_name} ({colleague_email})? I'm the admin and they're locked out.",
         "Reset password for a colleague", "Password reset for {colleague_name}"),
        ("When I open the reset link on my phone it shows a blank page.",
         "Reset link shows blank page", "Password reset link doesn't work"),
        ("I reset my password twice today and both times the new password is rejected at login.",
         "New password not accepted", "Password rejected after reset"),
        ("The reset e-mail arrived, but the button inside points to https://app.example.com/reset?token= with nothing after it.",
         "Broken link in reset e-mail", "Reset link has no token"),
        ("I can't remember which e-mail I signed up with. It's either {email} or {email_alt}.",
         "Which e-mail is my account?", "Forgot password and login e-mail"),
        ("Our mail server might be blocking your reset e-mails. Which address do they come from, so we can whitelist it?",
         "Reset e-mails blocked by our mail server?", "Sender address for password reset e-mails"),
    ],
    details=[
        "I'm on {browser}.",
        "My account is under {company}.",
        "I tried from two different networks, same result.",
    ],
)

EN["two_factor"] = dict(
    subjects=["Two-factor authentication problem", "2FA problem",
              "Locked out by 2FA", "Question about 2FA"],
    bodies=[
        ("I got a new phone and didn't move my authenticator app. Now I can't log in without the 2FA codes. Can you reset 2FA for {email}?",
         "Lost my phone, can't get 2FA code", "New phone - 2FA setup", "Need to reset 2FA"),
        ("The six-digit codes from my authenticator app are always rejected. The time on my phone is set automatically.",
         "Authenticator app codes invalid", "2FA codes not accepted"),
        ("The SMS with the verification code never arrives on {phone}.",
         "SMS code never arrives", "No 2FA text message"),
        ("I used one of my backup codes and it says \"invalid code\". I've only used it once.",
         "Backup codes don't work", "Backup code rejected"),
        ("As an admin, how can I make two-factor authentication mandatory for everyone in our workspace?",
         "How to enforce 2FA for all users?", "Mandatory 2FA for the team"),
        ("My colleague lost her phone and is locked out by 2FA. I'm the account owner; can you help us reset it?",
         "Reset 2FA for a colleague", "Need to reset 2FA"),
        ("After the update to {version} the 2FA screen no longer accepts codes from my authenticator app.",
         "2FA codes not accepted after update", "2FA broken in {version}"),
        ("I'd like to switch my second factor from SMS to an authenticator app, but the option is greyed out under Settings > Security.",
         "Switch 2FA from SMS to app", "2FA option greyed out"),
        ("I'm asked for a 2FA code on every login, even though I ticked \"Remember this device for 30 days\".",
         "\"Remember this device\" doesn't work", "2FA on every login"),
        ("We're travelling and the SMS codes arrive about ten minutes late, by which time they have expired.",
         "SMS codes arrive too late", "2FA codes expired when they arrive"),
    ],
    details=[
        "My phone is an {device} on {os}.",
        "Account e-mail: {email}.",
        "I can verify my identity by phone: {phone}.",
    ],
)

EN["app_crash"] = dict(
    subjects=["App crashes", "Application crash", "App keeps crashing",
              "Constant crashes since update", "Crash report"],
    bodies=[
        ("Since updating to {version}, the app crashes right after the splash screen on my {device} ({os}).",
         "Crash after updating to {version}", "App crashes on startup"),
        ("The desktop app closes without any message whenever I open the Reports tab. Windows logs error {error_crash}.",
         "Desktop app crashes with {error_crash}", "App keeps closing when I open reports"),
        ("Every time I try to attach a PDF to a reply, the app freezes for a few seconds and then crashes.",
         "Crash when uploading attachment", "Application freezes and closes"),
        ("The Android app force closes when I switch between workspaces. Reinstalling didn't help.",
         "Android app force closes", "Crash when switching workspaces"),
        ("On {os} the app crashes as soon as I tap a notification.",
         "App crash on {os}", "Tapping a notification crashes the app"),
        ("The app crashed in the middle of a long reply and everything I had typed is gone.",
         "App crashed and I lost my reply", "Crash while typing"),
        ("After the last update the app won't even open on our shared iPads. It shows a white screen and quits.",
         "iPad app crashes immediately", "White screen then crash"),
        ("The Windows client crashes on launch with an access denied error ({error_crash}). The log is at C:\\Users\\{winuser}\\AppData\\Local\\Example\\logs\\app.log.",
         "Windows client crashes on launch", "Desktop app crashes with {error_crash}"),
        ("The app crashes when I scroll quickly through the inbox. I can reproduce it every time.",
         "Crash when scrolling the inbox", "Reproducible crash in inbox"),
        ("Since {weekday} the macOS app crashes when I open the settings page. Crash report attached.",
         "macOS app crashes on settings page", "App crash on {os}"),
    ],
    details=[
        "Device: {device}, {os}, app {version}.",
        "I already tried reinstalling and restarting.",
        "Error code shown before the crash: {error_crash}.",
    ],
)

EN["bug_report"] = dict(
    subjects=["Bug report", "Found a bug", "Something is broken",
              "Possible bug", "Bug in the web app"],
    bodies=[
        ("When I set filters on the dashboard and refresh the page, all filters are reset to the defaults.",
         "Bug: filters reset after refresh", "Dashboard filters don't stick"),
        ("E-mail notifications for new assignments stopped arriving on {date}. Notification settings look correct.",
         "Notifications not sent", "No assignment e-mails since {date}"),
        ("Reports show times in UTC even though our workspace timezone is set to {tz}.",
         "Wrong timezone in reports", "Reports ignore workspace timezone"),
        ("Searching for an exact order number like {order} returns no results, although the order definitely exists.",
         "Search doesn't find order numbers", "Search broken for {order}"),
        ("I selected 12 items for bulk edit, but the change was applied to 40 items.",
         "Bulk edit changes wrong items", "Bulk edit applied to too many items"),
        ("Our customers have been receiving the same confirmation e-mail twice since {weekday}.",
         "Customers got duplicate e-mails", "Confirmation e-mails sent twice"),
        ("The date picker jumps to the previous month when I select the 31st.",
         "Date picker shows wrong month", "Date picker bug on the 31st"),
        ("Values in our custom field \"Contract ID\" disappear after saving the form.",
         "Custom field values disappear", "Custom field not saved"),
        ("Shared views created by admins are not visible to regular team members.",
         "Team members can't see shared views", "Shared views missing"),
        ("Subjects containing characters like ü or é are shown as \"???\" in the list view.",
         "Special characters shown as ??? in list view", "Encoding bug in list view"),
        ("The sidebar overlaps the main content in {browser} at 125% zoom.",
         "Broken layout in {browser}", "Sidebar overlaps content"),
        ("Sorting by due date puts empty dates first, which makes the view useless.",
         "Sorting by due date is wrong", "Empty due dates sorted first"),
    ],
    details=[
        "Steps to reproduce: open {url_page}, apply any filter, press F5.",
        "Seen on {browser}, {os}, app {version}.",
        "The console shows: Uncaught TypeError: Cannot read properties of undefined (reading 'id').",
        "It happens for every user in our workspace, not just me.",
    ],
)

EN["api_error"] = dict(
    subjects=["API problem", "API errors", "Problem with the API",
              "Integration failing", "API issue"],
    bodies=[
        ("Since {date} our webhook endpoint hasn't received any events, although the dashboard shows the deliveries as successful.",
         "Webhooks not delivered", "No webhook events since {date}"),
        ("About 10% of calls to https://api.example.com/v2/orders fail with {error_api}. We have request IDs if you need them.",
         "Getting {error_api} from the API", "Intermittent {error_api} on /v2/orders"),
        ("We are being rate limited (HTTP 429) at around 40 requests per minute, but our plan should allow 600.",
         "Rate limit hit too early (HTTP 429)", "HTTP 429 far below our limit"),
        ("Requests to /v2/customers have been timing out after 30 seconds since this morning. Nothing changed on our side.",
         "Timeouts on /v2/customers", "API requests timing out"),
        ("The API started returning HTTP 503 for all write requests at around {time} UTC.",
         "HTTP 503 from the API", "Write requests failing with 503"),
        ("Webhook signature verification fails for every event since we rotated the secret on {date}.",
         "Webhook signature verification fails", "Webhook signatures invalid after secret rotation"),
        ("Our API key stopped working overnight; every request now returns HTTP 401.",
         "API key suddenly invalid", "HTTP 401 on every request"),
        ("Our server at {ip} gets ERR_CONNECTION_RESET when calling the API, but the same call works from my laptop.",
         "Intermittent ERR_CONNECTION_RESET", "Connection reset from our server"),
        ("The {integration} integration stopped syncing on {date}. The last sync log entry shows {error_api}.",
         "{integration} integration stopped syncing", "{integration} sync failing"),
        ("The next_cursor in paginated responses returns the same page again, so our import loops forever.",
         "Pagination broken in API", "next_cursor returns the same page"),
        ("Our order webhooks arrive 20 to 40 minutes late since {weekday}, which breaks our fulfilment flow.",
         "Webhooks delayed by 20+ minutes", "Late webhook deliveries"),
    ],
    details=[
        "Example request ID: req_{hex}.",
        "From /var/log/app.log:\n{logline}",
        "Our servers call from {ip} and {ip2}; both are affected.",
        "The status page (https://status.example.com) says all systems are operational.",
        "Requests from our IPv6 address {ipv6} seem to fail more often.",
        "We use the official Python SDK.",
    ],
)

EN["performance"] = dict(
    subjects=["Performance degradation", "App is slow for our whole team",
              "Page load times unacceptable", "Very slow today", "Slowness"],
    bodies=[
        ("The dashboard has been taking 30 to 40 seconds to load since {weekday}. Before that it was instant.",
         "Dashboard extremely slow", "Slow performance since {weekday}"),
        ("Opening the monthly report for {month} takes several minutes and sometimes ends with {error_perf}.",
         "Reports take forever to load", "Timeouts when opening large reports"),
        ("The inbox is very slow for our whole team: opening a ticket takes more than 10 seconds.",
         "Inbox extremely slow", "Inbox takes 10+ seconds per ticket"),
        ("Search results take over a minute for simple queries such as an order number.",
         "Search very slow", "Search takes over a minute"),
        ("Everything in the web app is sluggish today, from loading views to saving replies.",
         "Everything is sluggish today", "Web app slow"),
        ("Our {region_name} team reports much slower load times than the US team. Is there a regional issue?",
         "Slow for our {region_name} team", "Regional performance issue?"),
        ("The overview dashboard with 12 widgets times out. With 3 widgets it works.",
         "Dashboard with many widgets times out", "Dashboard extremely slow"),
        ("Scrolling through the customer list is laggy in {browser}; CPU goes to 100%.",
         "Customer list laggy in {browser}", "High CPU when scrolling"),
        ("Since the upgrade to {version}, generating reports is about three times slower.",
         "Reports slower since {version}", "Report generation slow after update"),
        ("Load times have been getting worse over the past few weeks. It's now affecting our SLAs.",
         "Load times getting worse", "Slowness affecting our SLAs"),
    ],
    details=[
        "We tested from two different offices and networks.",
        "Browser: {browser}. Our office IP is {ip}.",
        "The status page (https://status.example.com) shows nothing.",
        "It's worst between 9 and 11 in the morning.",
    ],
)

EN["data_export"] = dict(
    subjects=["Export problem", "Data export", "Problem exporting data",
              "Question about exports"],
    bodies=[
        ("When I export the {month} report to CSV, the file is empty apart from the header row.",
         "CSV export empty", "Export only contains headers"),
        ("The export of all records has been stuck at 99% since yesterday.",
         "Export stuck at 99%", "Full export never finishes"),
        ("The exported CSV shows names like \"MÃ¼ller\" instead of \"Müller\". Excel opens it with the wrong encoding.",
         "Export file has broken characters", "Wrong encoding in CSV export"),
        ("We need a complete export of our data, including attachments, {deadline}.",
         "Need a full data export", "Full export incl. attachments"),
        ("The scheduled weekly export to {colleague_email} stopped arriving after {date}.",
         "Scheduled export not arriving", "Weekly export e-mail missing"),
        ("The Excel export stops at exactly 10,000 rows. We have about 48,000.",
         "Excel export cuts off at 10,000 rows", "Export limited to 10k rows?"),
        ("A customer asked for all data we hold about them under GDPR. How do I export everything for a single contact?",
         "GDPR data export request", "Export all data for one contact"),
        ("Our nightly sync into Oracle fails with ORA-00942: table or view does not exist. Did the export schema change?",
         "Warehouse sync fails with ORA-00942", "Export schema changed?"),
        ("The download link in the export e-mail says it has expired, although I clicked it within an hour.",
         "Download link for export expired", "Export link expired too early"),
        ("The export saved to C:\\Users\\{winuser}\\Downloads\\export.csv only has 3 columns instead of the 14 we selected.",
         "Export missing columns", "CSV export has only 3 columns"),
        ("Dates in the export are in MM/DD/YYYY, but we need ISO 8601 (2026-10-12). Is there a setting for that?",
         "Date format in exports", "ISO dates in CSV export?"),
        ("The export job fails with {error_export} after about five minutes.",
         "Export fails with {error_export}", "Export of all tickets fails"),
    ],
    details=[
        "Export URL: https://app.example.com/reports/export?format=csv&range=90d",
        "Our import script logs to /var/log/app.log and shows the file as truncated.",
        "We need this {deadline}.",
        "The file is only 2 KB.",
    ],
)

EN["shipping_delay"] = dict(
    subjects=["Where is my order {order}?", "Order {order} not delivered yet",
              "Delivery delayed", "Shipping delay - order {order}",
              "Still waiting for my order"],
    bodies=[
        ("I ordered a {item} on {date} (order {order}) and it still hasn't arrived. The estimated delivery date has passed.",
         "Still waiting for my {item}", "Order {order} late"),
        ("Tracking number {tracking} hasn't updated since {date}. It just says \"In transit\". Order {order}.",
         "Tracking hasn't updated in a week", "Parcel stuck in transit"),
        ("Order {order} has been \"processing\" for {n} days. Could you tell me when it will ship?",
         "Order stuck in \"processing\"", "When will {order} ship?"),
        ("The carrier marked order {order} as delivered on {date}, but nothing arrived, and my neighbours didn't get it either.",
         "Package marked delivered but not received", "{order} shows delivered, nothing here"),
        ("I need order {order} delivered by Friday for a store opening. Is expedited shipping still possible?",
         "Expedite order {order}?", "Need {order} by Friday"),
        ("Order {order} was supposed to go to {city}, but tracking shows it at a depot in another country.",
         "Order {order} sent to the wrong country?", "Strange tracking for {order}"),
        ("Only part of order {order} arrived. The {item} is missing from the package.",
         "Item missing from order {order}", "Partial delivery"),
        ("The delivery address on {order} is wrong. Please change it to {address} before it ships.",
         "Wrong delivery address on {order}", "Change shipping address"),
        ("{carrier} says they never received the parcel for order {order} from you.",
         "{carrier} never got my parcel", "Has {order} actually shipped?"),
        ("It's been two weeks since I paid {amount} for order {order}. No shipping confirmation, nothing.",
         "No shipping confirmation for {order}", "Paid two weeks ago, nothing shipped"),
    ],
    details=[
        "Tracking: {tracking} ({carrier}).",
        "The courier can reach me on {phone}.",
        "The order was placed with {email}.",
        "Order total: {amount}.",
    ],
)

EN["security_report"] = dict(
    subjects=["Security concern", "Possible security issue", "Security report",
              "Is my account safe?"],
    bodies=[
        ("I got a login notification from {ip} at {time} UTC. That wasn't me, I was asleep. I've changed my password.",
         "Suspicious login from unknown IP", "Strange login notification"),
        ("We received an e-mail from billing@example.net asking us to \"verify billing details\" via a link. Is this legit? It looks like phishing.",
         "Phishing e-mail pretending to be you", "Is this e-mail from you?"),
        ("Someone logged into our admin account from {ip2} and changed the payout e-mail to {attacker_email}. Please lock the account.",
         "Possible account takeover", "Admin account compromised"),
        ("I'd like to report a stored XSS: a report named <img src=x onerror=alert(1)> runs script when opened at {url_page}.",
         "XSS in report name field", "Security vulnerability report"),
        ("My account e-mail was changed to an address I don't own and I can no longer log in. I think my account was taken over.",
         "Someone changed my e-mail address", "Account takeover"),
        ("Under Settings > Security I see an active session from {ipv6} on a device I don't recognise.",
         "Unrecognised device in active sessions", "Unknown session on my account"),
        ("Responsible disclosure: GET /v2/invoices/<id> returns invoices of other accounts if you change the ID (IDOR). I only tested with my own test accounts.",
         "Responsible disclosure: IDOR in API", "Security vulnerability report"),
        ("Several of our users received phishing texts claiming to come from your support team and asking for their 2FA codes.",
         "Phishing SMS asking for 2FA codes", "Did you have a data breach?"),
        ("There were 200 failed login attempts on my account in the last hour from {ip_range} addresses.",
         "Brute-force attempts on my account", "Hundreds of failed logins"),
        ("A former employee still seems to have API access: we removed his account, but we see calls with his key from {ip}.",
         "Former employee's API key still active", "Revoked user still has API access"),
    ],
    details=[
        "The sender IP in the e-mail headers was {ip}.",
        "I have enabled 2FA since then.",
        "My account e-mail is {email}.",
        "Happy to share more details privately.",
    ],
)

EN["cancellation"] = dict(
    subjects=["Cancel my subscription", "Cancellation request",
              "Please close our account", "We're leaving", "Cancellation"],
    bodies=[
        ("Please cancel our subscription at the end of the current billing period and confirm by e-mail.",
         "Cancel at end of billing period", "Cancellation request"),
        ("We've decided to move to {competitor}. Please don't renew our contract, which ends on {date_future}.",
         "Switching to another provider", "Not renewing our contract"),
        ("I'd like to downgrade from {plan} to the free plan. We just don't use the paid features enough.",
         "Downgrade to free plan", "Downgrade request"),
        ("Our company is closing the project, so we won't need the {seats} seats anymore. Please cancel.",
         "Cancel our seats", "Terminate contract {contract}"),
        ("How do I cancel? There's no cancel button under Settings > Subscription, only \"Change plan\".",
         "How do I cancel?", "Can't find the cancel button"),
        ("The price increase announced in your last e-mail is too much for a small business like ours. Please cancel my account.",
         "Cancelling because of the price increase", "Too expensive now, cancel please"),
        ("We're consolidating tools after a merger and will stop using the service when our contract ends on {date_future}.",
         "Not renewing our contract", "Terminate contract {contract}"),
        ("Please close my account and delete all my data. My account e-mail is {email}.",
         "Please close my account", "Delete my account and data"),
        ("We've been looking at alternatives and found something that fits our workflow better. Please cancel our plan.",
         "Switching to another provider", "Cancelling our plan"),
        ("Can we pause the subscription for three months instead of cancelling? Our season ends in {month_next}.",
         "Pause instead of cancel?", "Pause subscription for the off-season"),
    ],
    details=[
        "Our account ID is {customer_id}.",
        "Please send the final invoice to {colleague_email}.",
        "+Thanks for the good service over the years.",
        "We currently pay {amount} a month.",
    ],
)

EN["feature_request"] = dict(
    subjects=["Feature request: {feature}", "Suggestion: {feature}",
              "Would love {feature}", "Any plans for {feature}?",
              "Please add {feature}", "{feature} - on the roadmap?",
              "Small improvement idea", "Request: {feature}", "Feature request"],
    bodies=[
        ("It would be great to have {feature}. We'd use it every day.",),
        ("Is {feature} on your roadmap? It's the one thing our team keeps asking for.",),
        ("Love the new dashboard! One suggestion: {feature} would make it perfect.",
         "Feedback on the new dashboard", "Love the new dashboard + one idea"),
        ("We work around the missing {feature} with a spreadsheet. A built-in option would save us hours every week.",),
        ("Could you add {feature}? {competitor} has it and our team keeps pointing that out.",),
        ("Small idea: {feature}. Not urgent, just something that would make life easier.",),
        ("Our managers would love {feature} for their weekly reviews.",),
        ("Please consider adding {feature}. Happy to join a beta if you have one.",),
        ("Any chance of {feature} in the next release? We're on {plan} and would even pay extra for it.",),
        ("The product is great overall. The only thing missing for us is {feature}.",),
    ],
    details=[
        "We're a team of {seats}.",
        "+Thanks for listening to feedback, the last release was great.",
        "Happy to jump on a call to explain our use case: {phone}.",
    ],
)

URGENT_EN = {
    "login": ["All our users are locked out.",
              "Our whole support team is locked out right now.",
              "I need access before a client meeting in an hour.",
              "{agents} agents can't work until this is fixed."],
    "prod": ["Production is down for us.",
             "Our shop is effectively down.",
             "We can't process payments right now.",
             "Orders are piling up unsynced."],
    "team": ["This is blocking our whole team.",
             "Our agents can't work like this.",
             "We have a board demo in two hours.",
             "Production is down for us."],
    "deadline": ["We need this by Friday.",
                 "We need this before the audit tomorrow.",
                 "Our month-end close is on Thursday, so this is time-sensitive.",
                 "Our auditors need it {deadline}."],
    "ship": ["I need it by Friday for a store opening.",
             "This is for a client event on {date_future}.",
             "We can't open the new till without it."],
    "sec": ["Please treat this as urgent: the attacker may still have access.",
            "Please lock the account immediately."],
    "money": ["We can't process payments right now.",
              "Our card limit is blocked by the duplicate charge and payroll is tomorrow."],
}
URGENT_KIND = {
    "login_problem": "login", "password_reset": "login", "two_factor": "login",
    "api_error": "prod", "performance": "team", "app_crash": "team",
    "bug_report": "team", "invoice_question": "deadline",
    "data_export": "deadline", "shipping_delay": "ship",
    "security_report": "sec", "billing_double_charge": "money",
}


# ---------------------------------------------------------------- English style

GREET_EN = ["Hi,", "Hello,", "Hi there,", "Dear Support Team,", "Hey,",
            "Good morning,", "Hello support,", "Hi team,", "To whom it may concern,",
            "Dear support,", "Hi {agent},"]   # an agent they spoke to before
AGENTS = ["Sam", "Alex", "Maria", "Tom", "Priya", "Jonas"]
CLOSE_EN = ["Thanks in advance!", "Thanks for your help.", "Kind regards,",
            "Best regards,", "Many thanks,", "Cheers,", "Thank you!", "Best,",
            "Thanks,", "Regards,", "Looking forward to your reply.",
            "Any help appreciated."]
POSITIVE_EN = ["Love the new dashboard, by the way!",
               "Otherwise really happy with the product.",
               "Your support has always been great, thank you.",
               "The new reports are fantastic, keep it up!",
               "We've been happy customers for three years.",
               "Great product overall 👍",
               "Thanks, you guys are always quick 🙂"]
CALM_EXTRA_EN = ["No rush, just wanted to let you know.",
                 "Sorry if this is a naïve question.",
                 "Let me know if you need anything else from me.",
                 "I'm based in São Paulo, so I may reply late.",
                 "Thanks for looking into it.",
                 "Could you please have a look?"]
# Mood lines.  A leading "tags|" limits a line to some kinds of ticket:
# p problem (login, 2FA, crash, bug, API, speed, export), m money (double
# charge, refund), i invoice, s shipping, c cancellation, f feature request,
# x security.  Lines without tags fit any ticket.
ANNOYED_LEAD_EN = ["This is the second time I'm writing about this.",
                   "I already reported this on {weekday} and heard nothing back.",
                   "Following up on ticket {ref} since nobody replied.",
                   "pmsix|I already explained all of this to your colleague on chat.",
                   "p|It happened again today.",
                   "p|Still not fixed.",
                   "p|Same problem as last week, again.",
                   "m|Still no refund, and still no answer.",
                   "i|Still waiting for the corrected invoice.",
                   "s|The tracking still hasn't moved.",
                   "f|We asked for this months ago already.",
                   "c|I already asked to cancel once."]
ANNOYED_TAIL_EN = ["I've been waiting for {n} days now.",
                   "pmsicx|Honestly, this is getting frustrating.",
                   "pmsicx|Could someone actually look at this, please?",
                   "pmsic|I shouldn't have to chase this.",
                   "pmsicx|Not happy about this, to be honest.",
                   "pmsicx|Still waiting for a proper answer.",
                   "No reply since {weekday}.",
                   "pmsic|Please don't send me another link to the FAQ.",
                   "f|Every other tool we use has this."]
ANGRY_LEAD_EN = ["pmsicx|This is the THIRD time I'm writing about this!!!",
                 "I have been waiting for {n} days and NOBODY has replied.",
                 "pmsic|Great, just great. Another day wasted.",
                 "p|Your last update broke everything.",
                 "p|STILL NOT FIXED.",
                 "p|Again?!",
                 "m|You charged me AGAIN?!",
                 "m|Where is my money???",
                 "s|WHERE IS MY ORDER???",
                 "c|I'm DONE with this service.",
                 "x|Does ANYONE care about security here???"]
ANGRY_TAIL_EN = ["pmsix|If this isn't sorted by tomorrow I WILL CANCEL.",
                 "pmsic|My lawyer will be in touch if this isn't resolved.",
                 "pmsix|We are seriously looking at alternatives.",
                 "pmsix|We're moving to {competitor} at the end of the month.",
                 "Absolutely ridiculous!!!",
                 "Wow, thanks for nothing.",
                 "Is anyone even reading these???",
                 "pmsix|I am paying {mrr} a month for THIS?",
                 "UNACCEPTABLE.",
                 "Worst support experience I've ever had 😡",
                 "p|Fix it. NOW.",
                 "p|Your update broke our workflow and nobody cares.",
                 "ms|I'm going to file a chargeback with my bank.",
                 "m|I want my money back TODAY.",
                 "s|Refund me or deliver it, NOW.",
                 "c|Cancel it TODAY or I'll dispute every charge."]
ANGRY_CLOSE_EN = ["Regards,", "Waiting for your answer.", "Sort it out.",
                  "I expect a reply today."]
FAMILY = {
    "login_problem": "p", "password_reset": "p", "two_factor": "p",
    "app_crash": "p", "bug_report": "p", "api_error": "p", "performance": "p",
    "data_export": "p", "billing_double_charge": "m", "refund_request": "m",
    "invoice_question": "i", "shipping_delay": "s", "cancellation": "c",
    "feature_request": "f", "security_report": "x", "incident": "p",
}
TAGGED = re.compile(r"^([a-z]+)\|")


def mood_lines(lines, category, cust):
    """The lines that fit this kind of ticket (and this customer)."""
    fam = FAMILY[category]
    out = []
    for line in lines:
        m = TAGGED.match(line)
        if m:
            if fam not in m.group(1):
                continue
            line = line[m.end():]
        if "{mrr}" in line and cust.mrr == 0:
            continue
        out.append(line)
    return out


ANGRY_SUBJ_PREFIX = ["URGENT: ", "[URGENT] ", "STILL BROKEN: ", "Third time: ",
                     "!!! ", "Unacceptable: "]
ANNOYED_SUBJ_PREFIX = ["Again: ", "Follow-up: ", "(2nd request) ", "Still: ",
                       "Re: "]


# ---------------------------------------------------------------- other languages

L10N = {}

L10N["de"] = dict(
    chat_greet='Hallo! ',
    intro='Hallo, hier ist {first} von {company}.',
    intro_person='Hallo, hier ist {first}.',
    callback='Bitte rufen Sie mich zurück unter {phone}.',
    lower_after_greeting=True,
    greet=["Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,",
           "Hallo Support-Team,", "Moin,", "Liebes Support-Team,"],
    close=["Vielen Dank im Voraus!", "Mit freundlichen Grüßen", "Viele Grüße",
           "Danke und beste Grüße", "Beste Grüße"],
    positive=["Ansonsten sind wir mit dem Produkt sehr zufrieden.",
              "Das neue Dashboard gefällt uns übrigens sehr gut!"],
    calm=["Danke fürs Nachschauen.", "Können Sie sich das bitte ansehen?"],
    annoyed=["Ich schreibe Ihnen jetzt zum zweiten Mal wegen dieses Problems.",
             "Seit {n} Tagen warte ich auf eine Antwort.",
             "pmsi|Das Problem ist immer noch nicht behoben.",
             "Langsam wird das wirklich ärgerlich."],
    angry=["Das ist jetzt das DRITTE Mal, dass ich schreibe!!!",
           "p|Ihr letztes Update hat alles kaputt gemacht.",
           "pmsi|Wenn das nicht bis morgen gelöst ist, kündige ich.",
           "ms|Ich werde die Zahlung über meine Bank zurückbuchen lassen.",
           "pmsi|Wir schauen uns bereits nach Alternativen um.",
           "Völlig INAKZEPTABEL!",
           "Unser Anwalt ist bereits informiert."],
    details=["Meine Kundennummer ist {customer_id}.",
             "Sie erreichen mich unter {phone}.",
             "Mein Login ist {email}."],
    voicemail="Sprachnachricht (automatisch transkribiert, {duration}):",
    cats={
        "billing_double_charge": (
            ["Doppelte Abbuchung im {month}", "Rechnung zweimal bezahlt?",
             "Betrag wurde zweimal abgebucht"],
            ["Mir wurde am {date} der Betrag von {amount} zweimal von der Kreditkarte abgebucht. Bitte prüfen Sie das und erstatten Sie die doppelte Zahlung.",
             "Auf unserem Kontoauszug sehen wir für die Rechnung {invoice} zwei identische Abbuchungen über {amount}. Können Sie bitte eine davon zurückerstatten?",
             "Beim Upgrade auf den {plan}-Tarif wurde die Zahlung doppelt ausgeführt."]),
        "refund_request": (
            ["Bitte um Rückerstattung", "Erstattung für Bestellung {order}",
             "Rückzahlung Jahresabo"],
            ["Ich möchte für die Bestellung {order} eine Rückerstattung beantragen. Die Ware kam beschädigt an.",
             "Wir haben versehentlich das Jahresabo statt des Monatsabos gebucht. Bitte erstatten Sie die Differenz auf unser Konto {iban}.",
             "Die Rücksendung zur Bestellung {order} ist seit dem {date} bei Ihnen, aber die Erstattung über {amount} fehlt noch."]),
        "invoice_question": (
            ["Frage zur Rechnung {invoice}", "USt-IdNr. fehlt auf der Rechnung",
             "Rechnungsadresse ändern"],
            ["Auf der Rechnung {invoice} fehlt unsere USt-IdNr. ({vatid}). Könnten Sie die Rechnung bitte korrigiert erneut ausstellen?",
             "Ich verstehe die Position „Zusatzplätze“ auf der Rechnung {invoice} nicht. Wir haben doch nur {seats} Nutzer.",
             "Bitte ändern Sie unsere Rechnungsadresse auf {address}. Die Rechnung {invoice} ging noch an die alte Adresse."]),
        "login_problem": (
            ["Login funktioniert nicht", "Kann mich nicht anmelden",
             "Anmeldung per SSO schlägt fehl"],
            ["Seit heute Morgen kann ich mich nicht mehr anmelden. Es erscheint die Meldung „Ungültige Anmeldedaten“, obwohl das Passwort stimmt.",
             "Beim Login über SSO lande ich in einer Endlosschleife und sehe am Ende den Fehler {error_login}.",
             "Mein Konto wurde nach mehreren Fehlversuchen gesperrt. Die E-Mail zum Entsperren kommt nicht an."]),
        "password_reset": (
            ["Passwort zurücksetzen klappt nicht",
             "Keine E-Mail zum Zurücksetzen des Passworts"],
            ["Ich habe schon dreimal auf „Passwort vergessen“ geklickt, aber keine E-Mail an {email} bekommen. Auch im Spam-Ordner ist nichts.",
             "Der Link zum Zurücksetzen des Passworts ist angeblich abgelaufen, obwohl ich ihn sofort geöffnet habe."]),
        "app_crash": (
            ["App stürzt beim Start ab", "Absturz nach Update auf {version}"],
            ["Seit dem Update auf {version} stürzt die App auf meinem Gerät ({os}) direkt nach dem Start ab. Neu installieren hat nicht geholfen.",
             "Die App schließt sich jedes Mal, wenn ich einen Bericht öffne."]),
        "shipping_delay": (
            ["Wo bleibt meine Bestellung {order}?", "Lieferung verzögert",
             "Sendung kommt nicht an"],
            ["Meine Bestellung {order} vom {date} ist immer noch nicht angekommen. Die Sendungsverfolgung zeigt seit Tagen keinen neuen Status.",
             "Laut {carrier} wurde das Paket zur Bestellung {order} zugestellt, bei uns ist aber nichts angekommen."]),
        "cancellation": (
            ["Kündigung unseres Vertrags", "Abo kündigen", "Kündigung zum Vertragsende"],
            ["Hiermit kündigen wir unser Abonnement zum nächstmöglichen Zeitpunkt. Bitte bestätigen Sie die Kündigung schriftlich.",
             "Wir werden zum Vertragsende zu einem anderen Anbieter wechseln. Bis wann können wir unsere Daten exportieren?"]),
        "performance": (
            ["Dashboard extrem langsam", "Berichte laden ewig"],
            ["Das Dashboard braucht seit {weekday_de} über 30 Sekunden zum Laden. Unser ganzes Team kann kaum arbeiten.",
             "Der Monatsbericht lädt mehrere Minuten und bricht dann mit {error_perf} ab."]),
    },
)

L10N["fr"] = dict(
    chat_greet='Bonjour ! ',
    intro="Bonjour, c'est {first}, de {company}.",
    intro_person="Bonjour, c'est {first}.",
    callback='Merci de me rappeler au {phone}.',
    lower_after_greeting=False,
    greet=["Bonjour,", "Bonjour à toute l'équipe,", "Madame, Monsieur,",
           "Bonjour l'équipe support,"],
    close=["Merci d'avance.", "Cordialement,", "Bien cordialement,",
           "Merci pour votre aide.", "Bonne journée,"],
    positive=["Par ailleurs, nous sommes très satisfaits du produit.",
              "Bravo pour le nouveau tableau de bord, au passage !"],
    calm=["Merci de bien vouloir regarder.", "Je reste à votre disposition."],
    annoyed=["C'est la deuxième fois que je vous écris à ce sujet.",
             "J'attends une réponse depuis {n} jours.",
             "pmsi|Le problème n'est toujours pas résolu.",
             "Ça commence à devenir agaçant."],
    angry=["C'est la TROISIÈME fois que je vous contacte !!!",
           "p|Votre dernière mise à jour a tout cassé.",
           "pmsi|Si ce n'est pas réglé demain, je résilie.",
           "ms|Je vais faire opposition au paiement auprès de ma banque.",
           "pmsi|Nous regardons déjà les alternatives.",
           "C'est INADMISSIBLE !"],
    details=["Mon numéro client est {customer_id}.",
             "Vous pouvez me joindre au {phone}.",
             "Mon identifiant est {email}."],
    voicemail="Message vocal (transcription automatique, {duration}) :",
    cats={
        "billing_double_charge": (
            ["Double prélèvement sur ma carte", "Facture payée deux fois",
             "Débité deux fois en {month}"],
            ["J'ai été débité deux fois de {amount} le {date}. Pourriez-vous vérifier et me rembourser le montant prélevé en trop ?",
             "Sur notre relevé, la facture {invoice} apparaît deux fois, pour {amount} chacune."]),
        "refund_request": (
            ["Demande de remboursement", "Remboursement de la commande {order}"],
            ["Je souhaite être remboursé pour la commande {order} : l'article est arrivé endommagé.",
             "Merci de rembourser le trop-perçu de {amount} sur notre compte {iban}."]),
        "invoice_question": (
            ["Question sur la facture {invoice}",
             "Numéro de TVA manquant sur la facture"],
            ["Notre numéro de TVA intracommunautaire ({vatid}) n'apparaît pas sur la facture {invoice}. Pouvez-vous nous envoyer une facture corrigée ?",
             "Je ne comprends pas la ligne « sièges supplémentaires » sur la facture {invoice} : nous n'avons que {seats} utilisateurs."]),
        "login_problem": (
            ["Impossible de me connecter", "Problème de connexion"],
            ["Depuis ce matin, je n'arrive plus à me connecter : le message « Identifiants invalides » s'affiche alors que mon mot de passe est correct.",
             "La connexion via SSO tourne en boucle puis affiche l'erreur {error_login}."]),
        "password_reset": (
            ["Réinitialisation du mot de passe", "Je ne reçois pas l'e-mail de réinitialisation"],
            ["Je ne reçois pas l'e-mail de réinitialisation du mot de passe à l'adresse {email}, même dans les spams.",
             "Le lien de réinitialisation indique qu'il a expiré alors que je l'ouvre tout de suite."]),
        "app_crash": (
            ["L'application plante au démarrage", "Plantage depuis la mise à jour"],
            ["Depuis la mise à jour {version}, l'application plante dès l'ouverture sur mon téléphone ({os}).",
             "L'application se ferme toute seule dès que j'ouvre un rapport."]),
        "shipping_delay": (
            ["Commande {order} toujours pas livrée", "Retard de livraison"],
            ["Ma commande {order} passée le {date} n'est toujours pas arrivée et le suivi n'a pas bougé depuis une semaine.",
             "{carrier} indique que le colis de la commande {order} a été livré, mais nous n'avons rien reçu."]),
        "cancellation": (
            ["Résiliation de l'abonnement", "Demande de résiliation"],
            ["Nous souhaitons résilier notre abonnement à la fin du contrat. Merci de nous confirmer la résiliation par e-mail.",
             "Nous passons chez un autre prestataire le mois prochain. Merci de ne pas renouveler notre abonnement."]),
    },
)

L10N["es"] = dict(
    chat_greet='¡Hola! ',
    intro='Hola, soy {first}, de {company}.',
    intro_person='Hola, soy {first}.',
    callback='Por favor, llamadme al {phone}.',
    lower_after_greeting=False,
    greet=["Hola,", "Buenos días,", "Estimado equipo de soporte:",
           "Hola, equipo:"],
    close=["Gracias de antemano.", "Un saludo,", "Saludos cordiales,",
           "Muchas gracias."],
    positive=["Por lo demás, estamos muy contentos con el servicio."],
    calm=["¿Podéis echarle un vistazo, por favor?"],
    annoyed=["Es la segunda vez que escribo por este tema.",
             "Llevo {n} días esperando una respuesta.",
             "pmsi|El problema sigue sin resolverse."],
    angry=["¡¡¡Es la TERCERA vez que escribo!!!",
           "p|Vuestra última actualización lo ha roto todo.",
           "pmsi|Si no se soluciona mañana, cancelo la suscripción.",
           "ms|Voy a pedir a mi banco que anule el cargo.",
           "pmsi|Ya estamos buscando alternativas."],
    details=["Mi número de cliente es {customer_id}.",
             "Podéis llamarme al {phone}."],
    voicemail="Mensaje de voz (transcripción automática, {duration}):",
    cats={
        "billing_double_charge": (
            ["Cobro duplicado", "Me habéis cobrado dos veces"],
            ["El {date} me cobrasteis dos veces {amount} en la tarjeta. ¿Podéis revisarlo y devolverme el importe duplicado?",
             "En el extracto aparece dos veces la factura {invoice}, por {amount} cada una."]),
        "refund_request": (
            ["Solicitud de reembolso del pedido {order}", "Reembolso pendiente"],
            ["Quiero solicitar el reembolso del pedido {order}; el producto llegó dañado.",
             "Devolví el pedido {order} el {date} y todavía no he recibido el reembolso de {amount}."]),
        "login_problem": (
            ["No puedo iniciar sesión", "Problema al entrar en la cuenta"],
            ["Desde esta mañana no puedo iniciar sesión. Me aparece «Credenciales no válidas», pero la contraseña es correcta.",
             "Al entrar con SSO la página se recarga una y otra vez y al final sale el error {error_login}."]),
        "password_reset": (
            ["No me llega el correo para restablecer la contraseña"],
            ["He pedido tres veces restablecer la contraseña, pero no me llega ningún correo a {email}.",
             "El enlace para restablecer la contraseña dice que ha caducado, aunque lo abro enseguida."]),
        "shipping_delay": (
            ["¿Dónde está mi pedido {order}?", "Retraso en la entrega"],
            ["Mi pedido {order} del {date} todavía no ha llegado y el seguimiento no se actualiza desde hace días.",
             "Según {carrier}, el paquete del pedido {order} se entregó, pero no hemos recibido nada."]),
        "cancellation": (
            ["Cancelar suscripción", "Baja del servicio"],
            ["Queremos dar de baja nuestra suscripción al final del periodo actual. ¿Podéis confirmarlo por escrito?",
             "Nos pasamos a otro proveedor. Por favor, no renovéis el contrato."]),
        "app_crash": (
            ["La aplicación se cierra sola", "La app se bloquea al abrir informes"],
            ["Desde la actualización {version}, la aplicación se cierra al abrir los informes en mi móvil ({os}).",
             "La aplicación se queda en blanco y se cierra nada más arrancar."]),
    },
)

L10N["pl"] = dict(
    chat_greet='Dzień dobry! ',
    intro='Dzień dobry, tu {first} z firmy {company}.',
    intro_person='Dzień dobry, tu {first}.',
    callback='Proszę o kontakt pod numerem {phone}.',
    lower_after_greeting=False,
    greet=["Dzień dobry,", "Witam,", "Szanowni Państwo,"],
    close=["Z góry dziękuję.", "Pozdrawiam,", "Z poważaniem,",
           "Dziękuję i pozdrawiam,"],
    positive=["Poza tym jesteśmy bardzo zadowoleni z produktu."],
    calm=["Proszę o sprawdzenie."],
    annoyed=["Piszę w tej sprawie już drugi raz.",
             "Od {n} dni czekam na odpowiedź.",
             "pmsi|Problem nadal nie został rozwiązany."],
    angry=["To już TRZECI raz, kiedy piszę w tej sprawie!!!",
           "p|Wasza ostatnia aktualizacja wszystko zepsuła.",
           "pmsi|Jeśli to nie zostanie naprawione do jutra, rezygnuję z usługi.",
           "ms|Zgłoszę w banku reklamację transakcji (chargeback).",
           "pmsi|Już szukamy innego dostawcy."],
    details=["Mój numer klienta to {customer_id}.",
             "Mój login to {email}."],
    voicemail="Wiadomość głosowa (transkrypcja automatyczna, {duration}):",
    cats={
        "billing_double_charge": (
            ["Podwójne obciążenie karty", "Dwukrotnie pobrana opłata"],
            ["Dnia {date} moja karta została dwukrotnie obciążona kwotą {amount}. Proszę o sprawdzenie i zwrot nadpłaty.",
             "Za fakturę {invoice} pobrano od nas dwa razy {amount}."]),
        "refund_request": (
            ["Prośba o zwrot pieniędzy za zamówienie {order}", "Zwrot środków"],
            ["Proszę o zwrot pieniędzy za zamówienie {order}, ponieważ towar dotarł uszkodzony.",
             "Zwrot za zamówienie {order} został zatwierdzony {date}, ale pieniądze nadal nie wpłynęły."]),
        "login_problem": (
            ["Nie mogę się zalogować", "Problem z logowaniem"],
            ["Od dzisiejszego ranka nie mogę się zalogować – pojawia się komunikat „Nieprawidłowe dane logowania”, chociaż hasło jest poprawne.",
             "Po kilku nieudanych próbach konto zostało zablokowane, a e-mail z linkiem do odblokowania nie przychodzi."]),
        "password_reset": (
            ["Nie dostaję e-maila do resetu hasła"],
            ["Mimo kilku prób resetu hasła na adres {email} nie przychodzi żadna wiadomość.",
             "Link do resetu hasła od razu pokazuje, że wygasł."]),
        "shipping_delay": (
            ["Gdzie jest moje zamówienie {order}?", "Opóźnienie dostawy"],
            ["Zamówienie {order} z dnia {date} nadal nie dotarło, a status przesyłki nie zmienia się od kilku dni.",
             "{carrier} twierdzi, że paczka z zamówieniem {order} została doręczona, ale nic do nas nie dotarło."]),
        "cancellation": (
            ["Rezygnacja z subskrypcji", "Wypowiedzenie umowy"],
            ["Chcemy zrezygnować z subskrypcji z końcem bieżącego okresu rozliczeniowego. Proszę o potwierdzenie.",
             "Przechodzimy do innego dostawcy i nie przedłużamy umowy."]),
    },
)

L10N["ru"] = dict(
    chat_greet='Здравствуйте! ',
    intro='Здравствуйте, это {first}, {company}.',
    intro_person='Здравствуйте, это {first}.',
    callback='Перезвоните мне, пожалуйста, по номеру {phone}.',
    lower_after_greeting=False,
    greet=["Здравствуйте!", "Добрый день!", "Здравствуйте,"],
    close=["Заранее спасибо.", "С уважением,", "Спасибо!"],
    positive=["В остальном мы очень довольны сервисом."],
    calm=["Посмотрите, пожалуйста."],
    annoyed=["Пишу по этому вопросу уже второй раз.",
             "Жду ответа уже {n_ru}.",
             "pmsi|Проблема до сих пор не решена."],
    angry=["Это уже ТРЕТЬЕ обращение по этому вопросу!!!",
           "p|Ваше последнее обновление всё сломало.",
           "pmsi|Если завтра это не исправят, я откажусь от подписки.",
           "ms|Я подам в банк заявление на возврат платежа.",
           "pmsi|Мы уже ищем другого поставщика."],
    details=["Мой номер клиента: {customer_id}.",
             "Мой логин: {email}."],
    voicemail="Голосовое сообщение (автоматическая расшифровка, {duration}):",
    cats={
        "billing_double_charge": (
            ["Двойное списание", "Деньги списали дважды"],
            ["{date} с моей карты дважды списали {amount}. Пожалуйста, проверьте и верните лишнюю сумму.",
             "По счёту {invoice} с нас дважды списали {amount}."]),
        "refund_request": (
            ["Возврат денег за заказ {order}", "Запрос на возврат средств"],
            ["Прошу вернуть деньги за заказ {order}: товар пришёл повреждённым.",
             "Возврат по заказу {order} одобрили {date}, но деньги так и не пришли."]),
        "login_problem": (
            ["Не могу войти в аккаунт", "Проблема со входом"],
            ["Со вчерашнего дня не могу войти в личный кабинет: появляется ошибка «Неверный логин или пароль», хотя пароль правильный.",
             "После нескольких неудачных попыток аккаунт заблокировали, а письмо для разблокировки не приходит."]),
        "password_reset": (
            ["Не приходит письмо для сброса пароля"],
            ["Письмо для сброса пароля не приходит на адрес {email}, хотя запрос отправлен уже несколько раз. В папке «Спам» его тоже нет."]),
        "shipping_delay": (
            ["Где мой заказ {order}?", "Задержка доставки"],
            ["Заказ {order} от {date} до сих пор не доставлен, статус отслеживания не меняется уже несколько дней.",
             "По данным {carrier}, заказ {order} доставлен, но мы ничего не получили."]),
        "cancellation": (
            ["Отмена подписки", "Расторжение договора"],
            ["Просим отменить нашу подписку с конца текущего расчётного периода и подтвердить это письменно.",
             "Мы переходим к другому поставщику и не будем продлевать договор."]),
        "app_crash": (
            ["Приложение вылетает при запуске"],
            ["После обновления до версии {version_plain} приложение вылетает сразу после запуска ({os}).",
             "Приложение закрывается каждый раз, когда я открываю отчёт."]),
    },
)


# ---------------------------------------------------------------- composing

CARD_LINES = ["The card I used is {card}, exp 12/28.", "Card number: {card}",
              "I paid with my card {card}.",
              "It's the card {card}, in case you need it to find the payment."]
IBAN_LINES = ["Please send the refund to our bank account: {iban}.",
              "IBAN for the refund: {iban}",
              "Our IBAN is {iban}, account holder {company}."]
PII_RATE = {  # category: (test card, IBAN) probability, English tickets
    "billing_double_charge": (0.10, 0.0), "refund_request": (0.04, 0.09),
    "cancellation": (0.0, 0.03), "invoice_question": (0.0, 0.02),
}
GERMAN_KEEP_CAPS = ("Sie ", "Ihr ", "Ihre ", "Ihnen ", "Ihren ")
# A plain word: not part of an e-mail address, URL, path, id or code.
TYPO_WORD = re.compile(r"(?<![\w@./\\:<>=-])[a-z]{5,}(?![\w@/\\:<>=-]|\.\w)")


def add_typo(text):
    words = [m for m in TYPO_WORD.finditer(text)]
    if not words:
        return text
    m = pick(words)
    w = m.group(0)
    i = rng.randint(1, len(w) - 2)
    op = rng.randrange(3)
    if op == 0:
        w2 = w[:i] + w[i + 1] + w[i] + w[i + 2:]      # swap
    elif op == 1:
        w2 = w[:i] + w[i + 1:]                        # drop
    else:
        w2 = w[:i] + w[i] + w[i:]                     # double
    return text[:m.start()] + w2 + text[m.end():]


def signature(cust, ctx, short=False):
    if cust.lang == "en":
        if cust.person or short:
            return pick([cust.first, cust.contact, cust.first, "- " + cust.first])
        return pick([cust.contact + "\n" + cust.title + ", " + cust.name,
                     cust.contact + "\n" + cust.name + "\n" + cust.phone,
                     cust.first, cust.contact + "\n" + cust.name])
    if cust.person or short:
        return cust.contact
    return pick([cust.contact, cust.contact + "\n" + cust.name])


def subject_mood(subject, mood, lang):
    if mood == "angry":
        r = rng.random()
        if lang == "en" and r < 0.35:
            return pick(ANGRY_SUBJ_PREFIX) + subject
        if r < 0.55:
            return subject.upper()
        if r < 0.8:
            return subject + "!!!"
    elif mood == "annoyed" and lang == "en" and chance(0.3):
        return pick(ANNOYED_SUBJ_PREFIX) + subject
    return subject


def assemble(cust, ctx, channel, subject, lead, core, details, tail, mood):
    """Lay the sentences out the way each channel looks in a helpdesk."""
    lang = cust.lang
    L = L10N.get(lang)
    if channel == "chat":
        parts = lead + [core] + details[:1] + tail
        text = " ".join(parts)
        if lang == "en":
            r = rng.random()
            if r < 0.25:
                hello = pick(["hi, ", "hello, ", "Hi! ", "hey, "])
                text = hello + (text if hello == "Hi! " else low_first(text))
            if r > 0.75 and mood != "angry":
                text = low_first(text)
            if chance(0.3) and mood == "calm":
                text += " " + pick(["thanks", "thx", "thank you!", "ty"])
        elif chance(0.4):
            text = L["chat_greet"] + text
        return subject, text
    if channel == "phone":
        if lang == "en":
            head = "Voicemail transcript ({duration}):"
            intro = ("Hi, this is {first}." if cust.person else
                     pick(["Hi, this is {first} from {company}.",
                           "Hello, {first} calling from {company}."]))
            callback = pick(["Please call me back on {phone}.",
                             "My number is {phone}, please call back.",
                             "Call me back at {phone}. Thanks."])
        else:
            head, callback = L["voicemail"], L["callback"]
            intro = L["intro_person"] if cust.person else L["intro"]
        text = " ".join([fill(intro, ctx)] + lead + [core] + details + tail
                        + [fill(callback, ctx)])
        if chance(0.25):
            subject = "Voicemail from " + cust.phone
        return subject, fill(head, ctx) + " " + text
    # email and web form
    want_greet = chance(0.9) if channel == "email" else chance(0.35)
    if mood == "angry" and chance(0.5):
        want_greet = False
    greeting = ""
    if want_greet:
        greeting = fill(pick(GREET_EN) if lang == "en" else pick(L["greet"]), ctx)
    para1 = lead + [core] + details
    first = para1[0]
    if (greeting and lang == "de" and greeting.endswith(",")
            and not first.startswith(GERMAN_KEEP_CAPS) and chance(0.7)):
        para1[0] = low_first(first)
    paras = []
    if greeting:
        paras.append(greeting)
    if tail and chance(0.5):
        paras.append(" ".join(para1))
        paras.append(" ".join(tail))
    else:
        paras.append(" ".join(para1 + tail))
    closing_p = 0.85 if channel == "email" else 0.45
    if mood == "angry":
        closing_p -= 0.35
    if chance(closing_p):
        if lang != "en":
            close = pick(L["close"])
        elif mood == "angry":
            close = pick(ANGRY_CLOSE_EN)
        else:
            close = pick(CLOSE_EN)
        if channel == "email" or close.endswith(",") or chance(0.5):
            paras.append(close + "\n" + signature(cust, ctx, channel == "web"))
        else:
            paras.append(close)
    elif channel == "email" and chance(0.5):
        paras.append(signature(cust, ctx, True))
    return subject, "\n\n".join(paras)


def compose(cust, t, category, mood, channel, today, urgent):
    """Write one ordinary ticket: returns (subject, body, ctx)."""
    lang = cust.lang
    ctx = Ctx(cust, t, category, today)
    if lang == "en":
        tpl = EN[category]
        body = pick(tpl["bodies"])
        # The body's own subjects most of the time, else a generic one.
        subjects = list(body[1:]) if len(body) > 1 and chance(0.7) \
            else tpl["subjects"]
        core_t, detail_pool = body[0], tpl["details"]
    else:
        L = L10N[lang]
        subjects, bodies = L["cats"][category]
        core_t, detail_pool = pick(bodies), L["details"]
    core = fill(core_t, ctx)
    subject = fill(pick(subjects), ctx)
    # Details: "+" marks a friendly one, only for calm tickets.
    detail_pool = [d for d in detail_pool
                   if (mood == "calm" or not d.startswith("+"))
                   and (channel != "phone" or "{phone}" not in d)]
    k = wpick([(0, 4), (1, 4), (2, 2)] if lang == "en" else [(0, 6), (1, 3)])
    k = min(k, len(detail_pool))
    details = [fill(detail_pool[i].lstrip("+"), ctx)
               for i in sorted(rng.sample(range(len(detail_pool)), k))]
    lead, tail = [], []
    if lang == "en":
        card_p, iban_p = PII_RATE.get(category, (0.0, 0.0))
        if chance(card_p):
            details.append(fill(pick(CARD_LINES), ctx))
        if chance(iban_p):
            details.append(fill(pick(IBAN_LINES), ctx))
        if mood == "calm":
            if chance(0.15):
                tail.append(pick(POSITIVE_EN))
            elif chance(0.2):
                tail.append(fill(pick(CALM_EXTRA_EN), ctx))
        elif mood == "annoyed":
            if chance(0.6):
                lead.append(fill(pick(mood_lines(ANNOYED_LEAD_EN, category, cust)), ctx))
            if chance(0.8) or not lead:
                tail.append(fill(pick(mood_lines(ANNOYED_TAIL_EN, category, cust)), ctx))
        else:
            if chance(0.7):
                lead.append(fill(pick(mood_lines(ANGRY_LEAD_EN, category, cust)), ctx))
            pool = mood_lines(ANGRY_TAIL_EN, category, cust)
            for i in sorted(rng.sample(range(len(pool)), rng.randint(1, 2))):
                tail.append(fill(pool[i], ctx))
        if urgent and category in URGENT_KIND:
            tail.insert(0, fill(pick(URGENT_EN[URGENT_KIND[category]]), ctx))
        if chance(0.05):
            core = add_typo(core)
    else:
        L = L10N[lang]
        if mood == "calm":
            if chance(0.12):
                tail.append(pick(L["positive"]))
            elif chance(0.2):
                tail.append(pick(L["calm"]))
        elif mood == "annoyed":
            line = fill(pick(mood_lines(L["annoyed"], category, cust)), ctx)
            (lead if chance(0.5) else tail).append(line)
        else:
            pool = mood_lines(L["angry"], category, cust)
            for i in rng.sample(range(len(pool)), min(len(pool), rng.randint(1, 2))):
                (lead if not lead else tail).append(fill(pool[i], ctx))
    subject = subject_mood(subject, mood, lang)
    subject, body = assemble(cust, ctx, channel, subject, lead, core, details,
                             tail, mood)
    return subject, body, ctx


# ---------------------------------------------------------------- the incident

INC_SUBJ_EN = [
    "Checkout fails with E-4012 since the 5.2.0 update",
    "Payment declined at checkout - error E-4012",
    "card declined, error E-4012",
    "Can't pay for order {order} (E-4012)",
    "E-4012 at checkout after updating to 5.2.0",
    "Payments failing after 5.2.0 update",
    "Checkout broken: E-4012",
    "Error E-4012 when paying",
    "Customers can't complete checkout - E-4012",
    "Payment fails every time (E-4012)",
    "5.2.0 broke checkout? Getting E-4012",
    "Card payment keeps getting declined",
    "E-4012 payment error",
    "Unable to pay - \"declined (E-4012)\"",
    "checkout not working since update",
    "Payment error E-4012 on checkout page",
    "Can't check out, payment declined",
    "Checkout payment failure E-4012",
]
INC_SYMPTOM_PERSON = [
    "I'm trying to pay for order {order} but checkout says \"Payment declined (E-4012)\".",
    "As soon as I click Pay I get \"card declined, error E-4012\".",
    "I can't pay for my order {order}, it says E-4012.",
    "Checkout fails with E-4012 no matter which card I use.",
    "Tried to pay {amount} for {order}, got E-4012 and the payment was declined.",
    "The payment page shows E-4012 and my card is declined, although the card is fine.",
    "Payment fails at checkout with code E-4012.",
    "Every time I try to pay at checkout I get error E-4012 and nothing goes through.",
]
INC_SYMPTOM_MERCHANT = [
    "Since this morning every payment at checkout fails with error E-4012.",
    "Our customers can't complete checkout: the payment step fails with E-4012.",
    "All card payments in our shop are declined with E-4012 at checkout.",
    "Checkout fails with E-4012 for every order we try, including a test order ({order}).",
    "None of our customers can pay. The checkout shows \"Payment declined - E-4012\".",
    "Payments fail at the last step of checkout with error code E-4012.",
    "We're seeing E-4012 on every checkout attempt since around {time_inc} UTC.",
    "Card payments are declined at checkout with E-4012, cash and invoice still work.",
]
INC_VERSION = [
    "This started right after the app updated to 5.2.0.",
    "It worked fine yesterday, before the 5.2.0 update.",
    "I'm on version 5.2.0 ({os}).",
    "The app updated itself to v5.2.0 overnight and since then payments fail.",
    "Looks like the 5.2.0 release broke something.",
    "It happens both in the app (5.2.0) and in the browser ({browser}).",
    "We updated to version 5.2.0 this morning, and that's when it started.",
    "Rolling back is not possible, the store only offers 5.2.0.",
]
INC_DETAIL = [
    "I tried two different cards (Visa and Mastercard), same result.",
    "My bank says there is no declined transaction on their side.",
    "We even tried the test card 4242 4242 4242 4242 on our staging shop: same E-4012.",
    "Time of the last attempt: {time_inc} UTC.",
    "Order {order}, amount {amount}.",
    "Cleared cache and cookies, reinstalled the app: no change.",
    "The status page (https://status.example.com) says everything is fine, which it clearly isn't.",
    "Screenshot attached.",
]
INC_IMPACT = [
    "We can't process payments right now and are losing sales every minute.",
    "None of our customers can check out.",
    "This is costing us real money.",
    "Our whole web shop is effectively down.",
    "Monday morning is our busiest time, this is really bad timing.",
]
INC_ANGRY = [
    "Your 5.2.0 update broke checkout!!!",
    "FIX THIS NOW.",
    "Great, just great: a release that breaks payments.",
    "If payments don't work by noon we're moving to another provider.",
    "How does something like this get released???",
    "This is UNACCEPTABLE for a payment product.",
    "I want a refund for today's lost sales.",
]
INC_ANNOYED = [
    "Please fix this quickly.",
    "Can someone look at this urgently?",
    "Not what I need on a Monday morning.",
    "Is this a known issue?",
    "Please let us know when it's fixed.",
]
INC_FOLLOWUP = [
    "Any update on this? Checkout still fails with E-4012.",
    "Still getting E-4012 at checkout, half an hour later.",
    "Second message: payments are still declined with E-4012 on 5.2.0.",
    "Is there an ETA? We still can't take card payments (E-4012).",
    "Following up: E-4012 at checkout is still happening for all our customers.",
]
INC_L10N = {
    "de": (["Zahlung schlägt fehl - Fehler E-4012",
            "Checkout funktioniert nicht seit Update 5.2.0",
            "Kartenzahlung abgelehnt (E-4012)"],
           ["Seit dem Update auf Version 5.2.0 schlägt jede Zahlung im Checkout mit dem Fehler E-4012 fehl. Die Karte wird abgelehnt, obwohl sie gültig ist.",
            "Ich kann meine Bestellung {order} nicht bezahlen, es kommt immer „Zahlung abgelehnt - E-4012“. Das passiert erst seit der neuen Version 5.2.0.",
            "Unsere Kunden können im Checkout nicht mehr bezahlen: Fehler E-4012, seit heute früh mit 5.2.0."]),
    "fr": (["Paiement refusé - erreur E-4012",
            "Impossible de payer depuis la mise à jour 5.2.0",
            "Échec du paiement au checkout (E-4012)"],
           ["Depuis la mise à jour 5.2.0, le paiement échoue au moment du checkout avec l'erreur E-4012. La carte est refusée alors qu'elle est valide.",
            "Je n'arrive pas à payer ma commande {order} : « Paiement refusé - E-4012 ». Ça ne se produit que depuis la version 5.2.0.",
            "Nos clients ne peuvent plus payer au checkout : erreur E-4012 depuis la 5.2.0."]),
}
# Incident-specific mood and follow-up lines for the other languages.
INC_L10N_MOOD = {
    "de": dict(annoyed=["Bitte beheben Sie das schnell.",
                        "Ist das ein bekanntes Problem?"],
               angry=["Ihr Update 5.2.0 hat den Checkout kaputt gemacht!!!",
                      "Wir verlieren gerade Umsatz. Das ist INAKZEPTABEL!"],
               followup=["Gibt es schon Neuigkeiten? Der Checkout schlägt immer noch mit E-4012 fehl.",
                         "Zweite Nachricht: Zahlungen werden weiterhin mit E-4012 abgelehnt (Version 5.2.0)."]),
    "fr": dict(annoyed=["Merci de corriger ça rapidement.",
                        "Est-ce un problème connu ?"],
               angry=["Votre mise à jour 5.2.0 a cassé le paiement !!!",
                      "Nous perdons des ventes en ce moment. C'est INADMISSIBLE !"],
               followup=["Des nouvelles ? Le paiement échoue toujours avec l'erreur E-4012.",
                         "Deuxième message : les paiements sont toujours refusés (E-4012, version 5.2.0)."]),
}
SUBJ_PREFIXES = tuple(ANGRY_SUBJ_PREFIX + ANNOYED_SUBJ_PREFIX)


def strip_prefixes(subject):
    while subject.startswith(SUBJ_PREFIXES):
        for p in SUBJ_PREFIXES:
            if subject.startswith(p):
                subject = subject[len(p):]
    return subject


def compose_incident(cust, t, mood, channel, followup_of=None):
    lang = cust.lang
    ctx = Ctx(cust, t, "incident", True)
    ctx["time_inc"] = (t - dt.timedelta(minutes=rng.randint(1, 15))).strftime("%H:%M")
    merchant = not cust.person and cust.tier != "free" or chance(0.3)
    lead, details, tail = [], [], []
    if followup_of is not None:
        base = strip_prefixes(followup_of)
        subject = pick(["Re: " + base, "Still failing: " + base,
                        "STILL can't pay - E-4012", base])
        if lang == "en":
            core = fill(pick(INC_FOLLOWUP), ctx)
            if chance(0.5):
                details.append(fill(pick(INC_IMPACT), ctx))
        else:
            core = pick(INC_L10N_MOOD[lang]["followup"])
    elif lang == "en":
        subject = fill(pick(INC_SUBJ_EN), ctx)
        core = fill(pick(INC_SYMPTOM_MERCHANT if merchant else INC_SYMPTOM_PERSON), ctx)
        if chance(0.85):
            details.append(fill(pick(INC_VERSION), ctx))
        for i in sorted(rng.sample(range(len(INC_DETAIL)), rng.randint(0, 2))):
            details.append(fill(INC_DETAIL[i], ctx))
        if merchant and chance(0.6):
            details.append(fill(pick(INC_IMPACT), ctx))
    else:
        subject = fill(pick(INC_L10N[lang][0]), ctx)
        core = fill(pick(INC_L10N[lang][1]), ctx)
    if lang == "en":
        if mood == "angry":
            for i in sorted(rng.sample(range(len(INC_ANGRY)), rng.randint(1, 2))):
                tail.append(INC_ANGRY[i])
        elif mood == "annoyed":
            tail.append(pick(INC_ANNOYED))
    elif mood == "angry":
        tail.append(pick(INC_L10N_MOOD[lang]["angry"]))
    elif mood == "annoyed" and followup_of is None:
        tail.append(pick(INC_L10N_MOOD[lang]["annoyed"]))
    if followup_of is None and mood == "angry":
        subject = subject_mood(subject, mood, lang)
    subject, body = assemble(cust, ctx, channel, subject, lead, core, details,
                             tail, mood)
    return subject, body


# ---------------------------------------------------------------- pipeline

CHANNELS = ["email", "web", "chat", "phone"]
CHANNEL_WEIGHT = {"free": [38, 32, 25, 5], "pro": [40, 30, 21, 9],
                  "business": [42, 27, 18, 13], "enterprise": [44, 18, 18, 20]}
# (calm, annoyed, angry) per category: money, delivery and churn tickets run
# hotter, feature requests and invoice questions cooler; about 70/20/10
# over the whole mix.
MOOD_WEIGHT = {
    "billing_double_charge": (62, 24, 14), "refund_request": (63, 23, 14),
    "invoice_question": (83, 14, 3), "login_problem": (70, 20, 10),
    "password_reset": (78, 16, 6), "two_factor": (77, 16, 7),
    "app_crash": (70, 20, 10), "bug_report": (77, 17, 6),
    "api_error": (69, 20, 11), "performance": (68, 21, 11),
    "data_export": (77, 17, 6), "shipping_delay": (64, 24, 12),
    "security_report": (73, 23, 4), "cancellation": (58, 27, 15),
    "feature_request": (91, 9, 0),
}
VIP_CATEGORIES = ["api_error", "performance", "login_problem",
                  "billing_double_charge", "data_export", "app_crash"]
CSAT = {"calm": [(5, 50), (4, 30), (3, 12), (2, 5), (1, 3)],
        "annoyed": [(5, 12), (4, 25), (3, 33), (2, 20), (1, 10)],
        "angry": [(5, 4), (4, 8), (3, 20), (2, 30), (1, 38)]}
URGENT_RATE = {"free": 0.04, "pro": 0.07, "business": 0.15, "enterprise": 0.22}


class Ticket:
    def __init__(self, t, cust):
        self.t = t
        self.cust = cust
        self.kind = "normal"
        self.category = None
        self.team = None
        self.mood = None
        self.page = None
        self.csat = None


def day_times(day, n):
    """About n creation times over one day following HOUR_WEIGHT.  The count
    in each half hour stays close to the expected curve (randomized rounding
    plus mild noise) so that nothing in the normal traffic looks like a
    spike."""
    total = sum(HOUR_WEIGHT)
    out = []
    for h, w in enumerate(HOUR_WEIGHT):
        per_half = n * w / total / 2.0 * (1.0 + noise(0.15))
        for half in (0, 1):
            for _ in range(int(per_half + rng.random())):
                out.append(day + dt.timedelta(
                    hours=h, seconds=half * 1800 + rng.randrange(1800)))
    out.sort()
    return out


def pick_customer(customers, cum):
    x = rng.random() * cum[-1]
    return customers[min(bisect.bisect_right(cum, x), len(customers) - 1)]


def pick_category(cust):
    covered = EN if cust.lang == "en" else L10N[cust.lang]["cats"]
    mult = CAT_TIER[cust.tier]
    return wpick([(c, CAT_WEIGHT[c] * mult.get(c, 1.0))
                  for c in CATEGORIES if c in covered])


def pick_channel(cust, category):
    w = list(CHANNEL_WEIGHT[cust.tier])
    if category == "security_report":
        w = [70, 25, 3, 2]
    if cust.lang != "en":
        w[3] = w[3] // 2
    return wpick(list(zip(CHANNELS, w)))


def pick_page(tk, category, ctx):
    if tk.channel == "phone" and chance(0.6):
        return None
    page = wpick(PAGES[category])
    m = SLOT.search(page)
    if m and m.group(1) not in ctx:     # the text names no order/invoice
        return page[:m.start() - 1]
    return fill(page, ctx)


def pick_mood(cust, category):
    calm, annoyed, angry = MOOD_WEIGHT[category]
    if cust.vip and angry:          # a few big customers who shout a lot
        calm, angry = calm - 30, angry + 30
    return wpick([("calm", calm), ("annoyed", annoyed), ("angry", angry)])


def normal_ticket(t, cust, today, mood=None, urgent=None, category=None):
    tk = Ticket(t, cust)
    tk.category = category or pick_category(cust)
    tk.mood = mood or pick_mood(cust, tk.category)
    tk.channel = pick_channel(cust, tk.category)
    if urgent is None:
        urgent = chance(URGENT_RATE[cust.tier])
    tk.urgent = urgent
    tk.subject, tk.body, ctx = compose(cust, t, tk.category, tk.mood,
                                       tk.channel, today, urgent)
    tk.page = pick_page(tk, tk.category, ctx)
    tk.team = TEAM[tk.category]
    if not today:
        if chance(TEAM_NOISE_RATE):
            tk.team = pick(TEAM_NOISE[tk.category])
        tk.csat = None if chance(0.25) else wpick(CSAT[tk.mood])
    return tk


RESEND_LEAD = {"email": ["Sending this again because I haven't heard back.",
                         "Resending, not sure my first message went through.",
                         "Re-sending my message from earlier:"],
               "web": ["Second try, the form gave me an error the first time.",
                       "Submitting this again, I never got a confirmation."],
               "chat": ["(reposting my question from earlier)",
                        "asking again:"]}


def resend_of(orig, end):
    """The same customer sends (almost) the same ticket again."""
    if chance(0.6):
        delay = rng.randint(3 * 60, 90 * 60)
    else:
        delay = rng.randint(90 * 60, 8 * 3600)
    t = orig.t + dt.timedelta(seconds=delay)
    if t > end:
        t = orig.t + dt.timedelta(seconds=max(120, (end - orig.t).seconds // 2))
        if t > end:
            return None
    tk = Ticket(t, orig.cust)
    tk.kind = "resend"
    tk.category, tk.team, tk.mood, tk.urgent = orig.category, orig.team, orig.mood, orig.urgent
    tk.channel, tk.page = orig.channel, orig.page
    tk.subject, tk.body = orig.subject, orig.body
    r = rng.random()
    if r < 0.2 and tk.channel != "phone":
        tk.subject = pick(["Re: ", "Fwd: ", "(resend) "]) + orig.subject
    elif r < 0.55 and orig.cust.lang == "en" and tk.channel != "phone":
        sep = " " if tk.channel == "chat" else "\n\n"
        tk.body = pick(RESEND_LEAD[tk.channel]) + sep + orig.body
    elif r < 0.7 and orig.cust.lang == "en":
        tk.body = add_typo(orig.body)
    tk.csat = None
    return tk


def make_history(customers, cum):
    tickets = []
    growth = 1.0
    for d in range(HIST_DAYS):
        if d and d % 7 == 0:
            growth *= WEEKLY_GROWTH
        day = HIST_START + dt.timedelta(days=d)
        n = int(BASE_PER_DAY * WEEKDAY_WEIGHT[day.weekday()] * growth
                * (1.0 + noise(0.08)) + 0.5)
        for t in day_times(day, n):
            tickets.append(normal_ticket(t, pick_customer(customers, cum), False))
    end = HIST_START + dt.timedelta(days=HIST_DAYS) - dt.timedelta(seconds=1)
    return tickets, growth * WEEKLY_GROWTH, end


def add_resends(tickets, end):
    k = int(len(tickets) * RESEND_RATE + 0.5)
    out = []
    for i in sorted(rng.sample(range(len(tickets)), k)):
        r = resend_of(tickets[i], end)
        if r is not None:
            out.append(r)
    return tickets + out


def make_today(customers, cum, growth):
    # Exactly on trend, so that only the incident stands out.
    n = int(BASE_PER_DAY * WEEKDAY_WEIGHT[0] * growth + 0.5)
    times = day_times(TODAY, n)
    # A few of the VIP enterprise customers write today, angry and urgent.
    vips = [c for c in customers if c.vip]
    office = [i for i, t in enumerate(times) if 8 <= t.hour < 17]
    forced = {}
    slots = sorted(rng.sample(office, len(vips)))
    for j, i in enumerate(slots):
        forced[i] = (vips[j], "annoyed" if j == len(vips) - 1 else "angry")
    tickets = []
    for i, t in enumerate(times):
        if i in forced:
            cust, mood = forced[i]
            tk = normal_ticket(t, cust, True, mood=mood, urgent=mood == "angry",
                               category=pick(VIP_CATEGORIES))
            tk.kind = "vip"
        else:
            tk = normal_ticket(t, pick_customer(customers, cum), True)
        tickets.append(tk)
    end = TODAY + dt.timedelta(days=1) - dt.timedelta(seconds=1)
    tickets = add_resends(tickets, end)
    # The incident.
    inc_custs = []
    for lang, tier, n in INCIDENT_CUSTOMERS:
        pool = [c for c in customers if c.lang == lang
                and (tier is None or c.tier == tier)]
        inc_custs.extend(rng.sample(pool, n))
    rng.shuffle(inc_custs)
    span = int((INCIDENT_END - INCIDENT_START).total_seconds())
    firsts = []
    for cust in inc_custs:
        off = int(rng.triangular(0, span - 1, span * 0.25))
        t = INCIDENT_START + dt.timedelta(seconds=off)
        tk = Ticket(t, cust)
        tk.kind = "incident"
        tk.mood = wpick([("calm", 35), ("annoyed", 40), ("angry", 25)])
        tk.channel = wpick([("email", 30), ("web", 25), ("chat", 35), ("phone", 10)])
        tk.subject, tk.body = compose_incident(cust, t, tk.mood, tk.channel)
        tk.page = "/checkout"
        firsts.append(tk)
    tickets.extend(firsts)
    for orig in rng.sample(firsts, INCIDENT_FOLLOWUPS):
        t = orig.t + dt.timedelta(seconds=rng.randint(8 * 60, 40 * 60))
        if t >= INCIDENT_END:
            t = orig.t + (INCIDENT_END - orig.t) // 2
        tk = Ticket(t, orig.cust)
        tk.kind = "incident"
        tk.mood = wpick([("annoyed", 45), ("angry", 55)])
        tk.channel = pick(["email", "chat", "web", orig.channel])
        tk.subject, tk.body = compose_incident(orig.cust, t, tk.mood, tk.channel,
                                               followup_of=orig.subject)
        tk.page = "/checkout"
        tickets.append(tk)
    return tickets


def record(tk, tid, history):
    c = tk.cust
    obj = {"id": tid, "created_at": rfc3339(tk.t), "channel": tk.channel,
           "customer": {"id": c.id, "tier": c.tier, "name": c.name, "mrr": c.mrr},
           "language": c.lang}
    if tk.page is not None:
        obj["page"] = tk.page
    obj["subject"] = tk.subject
    obj["body"] = tk.body
    if history:
        obj["category"] = tk.category
        obj["team"] = tk.team
        obj["status"] = "closed"
        obj["csat"] = tk.csat
    return obj


def write_jsonl(path, objs):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for o in objs:
            f.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")


# ---------------------------------------------------------------- summary

def counts(items, order=None):
    d = {}
    for x in items:
        d[x] = d.get(x, 0) + 1
    keys = order if order is not None else sorted(d)
    return " ".join("%s=%d" % (k, d.get(k, 0)) for k in keys if k in d)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: gen-sample.py OUTDIR\n")
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)

    customers = make_customers()
    ents = [c for c in customers if c.tier == "enterprise" and c.lang == "en"
            and not c.person]
    for c in rng.sample(ents, 4):
        c.vip = True
        c.activity = min(max(c.activity, 4.0), 6.0)
    cum, total = [], 0.0
    for c in customers:
        total += c.activity
        cum.append(total)

    hist, growth, hist_end = make_history(customers, cum)
    hist = add_resends(hist, hist_end)
    today = make_today(customers, cum, growth)

    for i, tk in enumerate(hist + today):
        tk.seq = i
    hist.sort(key=lambda tk: (tk.t, tk.seq))
    today.sort(key=lambda tk: (tk.t, tk.seq))
    num = FIRST_TICKET_NUMBER
    for tk in hist + today:
        tk.id = "T-%06d" % num
        num += 1
    write_jsonl(os.path.join(outdir, "history.jsonl"),
                [record(tk, tk.id, True) for tk in hist])
    write_jsonl(os.path.join(outdir, "today.jsonl"),
                [record(tk, tk.id, False) for tk in today])

    # ---- summary
    inc = [tk for tk in today if tk.kind == "incident"]
    pr = sys.stdout.write
    pr("seed %d, %d customers (%s)\n" % (
        SEED, len(customers), counts([c.tier for c in customers], TIERS)))
    pr("history.jsonl: %d tickets, %s .. %s, ids %s .. %s\n" % (
        len(hist), rfc3339(hist[0].t), rfc3339(hist[-1].t), hist[0].id, hist[-1].id))
    pr("today.jsonl:   %d tickets, %s .. %s, ids %s .. %s\n" % (
        len(today), rfc3339(today[0].t), rfc3339(today[-1].t), today[0].id, today[-1].id))
    wd_total = [0] * 7
    for tk in hist:
        wd_total[tk.t.weekday()] += 1
    weeks = HIST_DAYS // 7
    pr("history per weekday, mean per day: %s\n" % " ".join(
        "%s=%.1f" % (WEEKDAYS_EN[i][:3], wd_total[i] / float(weeks))
        for i in range(7)))
    pr("history per week: %s\n" % " ".join(
        str(sum(1 for tk in hist if (tk.t - HIST_START).days // 7 == w))
        for w in range(weeks)))

    def in_window(t):
        return (INCIDENT_START.time() <= t.time() <= INCIDENT_END.time())
    mondays = [tk for tk in hist if tk.t.weekday() == 0 and in_window(tk.t)]
    pr("09:40-11:30Z: history Mondays mean %.1f tickets (max %d); today %d "
       "(%d incident + %d other); today outside the incident: %d tickets\n" % (
           len(mondays) / float(weeks),
           max(sum(1 for tk in mondays if (tk.t - HIST_START).days // 7 == w)
               for w in range(weeks)),
           sum(1 for tk in today if in_window(tk.t)),
           len(inc), sum(1 for tk in today if in_window(tk.t) and tk.kind != "incident"),
           len(today) - len(inc)))
    pr("category (history): %s\n" % counts([tk.category for tk in hist], CATEGORIES))
    teams = ["billing", "accounts", "tech-support", "platform", "logistics",
             "security", "success"]
    pr("team (history): %s; %d not the category's usual team\n" % (
        counts([tk.team for tk in hist], teams),
        sum(1 for tk in hist if tk.team != TEAM[tk.category])))
    langs = ["en", "de", "fr", "es", "pl", "ru"]
    for name, key, order in (("language", lambda tk: tk.cust.lang, langs),
                             ("tier", lambda tk: tk.cust.tier, TIERS),
                             ("channel", lambda tk: tk.channel, CHANNELS),
                             ("mood", lambda tk: tk.mood,
                              ["calm", "annoyed", "angry"])):
        pr("%s: history %s | today %s\n" % (
            name, counts([key(tk) for tk in hist], order),
            counts([key(tk) for tk in today], order)))
    pr("near-duplicate resends: history %d, today %d\n" % (
        sum(1 for tk in hist if tk.kind == "resend"),
        sum(1 for tk in today if tk.kind == "resend")))
    pr("incident: %d tickets from %d customers, %s .. %s, page /checkout; "
       "language %s; tier %s; mood %s\n" % (
           len(inc), len(set(tk.cust.id for tk in inc)),
           rfc3339(min(tk.t for tk in inc)), rfc3339(max(tk.t for tk in inc)),
           counts([tk.cust.lang for tk in inc], langs),
           counts([tk.cust.tier for tk in inc], TIERS),
           counts([tk.mood for tk in inc], ["calm", "annoyed", "angry"])))
    vip_ids = sorted(c.id for c in customers if c.vip)
    pr("VIP enterprise customers: %s; angry tickets history %d, today %s\n" % (
        " ".join(vip_ids),
        sum(1 for tk in hist if tk.cust.vip and tk.mood == "angry"),
        " ".join("%s(%s,%s)" % (tk.id, tk.cust.id, tk.mood)
                 for tk in today if tk.kind == "vip")))
    alltext = [tk.subject + "\n" + tk.body for tk in hist + today]
    cards = sum(1 for x in alltext
                if any(n in x for n in TEST_CARDS))
    ibans = sum(1 for x in alltext
                if any(n in x for v in IBANS.values() for n in v))
    pr("personal data to redact: %d tickets with a test card number, "
       "%d with an IBAN\n" % (cards, ibans))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
